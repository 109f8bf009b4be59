#include "viewer/views/frame_ledger_view.h"

#include <cstdio>
#include <string>

#include <imgui.h>

#include "model/text_format.h"

namespace framescope {

void FrameLedgerView::start(const std::shared_ptr<LoadedSessions>& loaded, const Key& key) {
    wanted_ = key;
    // The job holds the sessions, so the bundle it reads outlives it.
    adding_up_ = std::make_unique<BackgroundJob<std::shared_ptr<const FrameBudgetLedger>>>(
        [loaded, key](LoadProgress& progress) -> Result<std::shared_ptr<const FrameBudgetLedger>> {
            const ReportBundle& bundle = loaded->inputs.sessions[key.session];
            return std::make_shared<const FrameBudgetLedger>(frame_budget_ledger(
                bundle, key.range.first, key.range.last, key.budget_ms, &progress.cancel));
        });
}

void FrameLedgerView::draw(const std::shared_ptr<LoadedSessions>& loaded, size_t session,
                           const FrameSelection& range, double budget_ms) {
    const ReportBundle& bundle = loaded->inputs.sessions[session];
    if (!bundle.has_frame_timings || bundle.frames.size() == 0) {
        ImGui::TextDisabled("No frame times in this session: nothing to weigh against a budget.");
        return;
    }
    FrameSelection frames =
        range.active ? range : FrameSelection{true, 0, uint32_t(bundle.frames.size() - 1)};
    if (adding_up_)
        if (auto result = adding_up_->take_result()) {
            if (*result)
                ledger_ = result->value();
            adding_up_.reset();
        }
    // While a range is being dragged out, one job at a time: the next starts from wherever
    // the range is once the last is done, and the window never waits for a worker.
    Key key{loaded.get(), session, frames, budget_ms};
    if (!adding_up_ && !(key == wanted_))
        start(loaded, key);
    if (!ledger_) {
        ImGui::TextDisabled("Adding up the frames...");
        return;
    }
    const FrameBudgetLedger& ledger = *ledger_;
    char length[32];
    if (ledger.range_s < 60)
        std::snprintf(length, sizeof length, "%.1f s", ledger.range_s);
    else
        std::snprintf(length, sizeof length, "%.1f min", ledger.range_s / 60);
    ImGui::Text("Frames %u-%u: %zu over the %.1f ms budget in %s%s", ledger.first_frame,
                ledger.last_frame, ledger.over_budget, ledger.budget_ms, length,
                adding_up_ ? "  (updating...)" : "");
    if (ledger.unattributed) {
        ImGui::SameLine();
        ImGui::TextDisabled("(%zu of them not sampled)", ledger.unattributed);
    }
    if (ledger.lines.empty()) {
        ImGui::TextDisabled("No stack samples in these frames: none ran past the watchdog's "
                            "threshold.");
        return;
    }
    draw_table(ledger);
}

void FrameLedgerView::draw_table(const FrameBudgetLedger& ledger) const {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("frame budget ledger", 5, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("function", ImGuiTableColumnFlags_WidthStretch);
    // The numbers' columns as wide as their headers: the function's name gets the rest.
    for (const char* header : {"self ms/frame", "total ms/frame", "frames lost", "per minute"})
        ImGui::TableSetupColumn(header, ImGuiTableColumnFlags_WidthFixed,
                                ImGui::CalcTextSize(header).x + 8);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(ledger.lines.size()));
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const LedgerLine& line = ledger.lines[size_t(row)];
            ImGui::PushID(row);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%s (%s:%u)", line.function.c_str(), base_name(line.file).c_str(),
                        line.line);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s:%u", line.file.c_str(), line.line);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", line.self_ms_per_frame);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", line.total_ms_per_frame);
            ImGui::TableNextColumn();
            ImGui::Text("%zu", line.frames_lost);
            ImGui::TableNextColumn();
            ImGui::Text("%.1f", line.frames_lost_per_minute);
            ImGui::PopID();
        }
    ImGui::EndTable();
}

} // namespace framescope
