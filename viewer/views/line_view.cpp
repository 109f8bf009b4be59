#include "viewer/views/line_view.h"

#include <imgui.h>

namespace framescope {

bool LineView::applies(const LoadedProfile& loaded) {
    return !line_timed_functions(loaded).empty();
}

void LineView::draw(ViewerState& state) {
    if (state.loaded.get() != shown_) {
        shown_ = state.loaded.get();
        functions_.clear();
        reading_ = std::make_unique<BackgroundJob<std::vector<Shown>>>(
            [functions = line_timed_functions(*state.loaded)](LoadProgress&) {
                std::vector<Shown> shown;
                for (const LprofFunction& f : functions)
                    shown.push_back({f, function_lines(f)});
                return Result<std::vector<Shown>>(std::move(shown));
            });
    }
    if (reading_) {
        std::optional<Result<std::vector<Shown>>> result = reading_->take_result();
        if (!result) {
            ImGui::TextDisabled("reading the sources...");
            return;
        }
        if (*result)
            functions_ = std::move(result->value());
        reading_.reset();
    }
    ImGui::TextDisabled("Times in seconds; per hit in microseconds.");
    ImGui::BeginChild("lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    for (const Shown& shown : functions_)
        draw_function(state, shown);
    ImGui::EndChild();
}

void LineView::draw_function(ViewerState& state, const Shown& shown) {
    const LprofFunction& f = shown.function;
    const PstatsProfile& profile = state.loaded->profile;
    FunctionId id = kNoFunction;
    for (FunctionId g = 0; g < profile.function_count; ++g)
        if (profile.name(g) == f.name && profile.file(g) == f.file &&
            profile.line(g) == f.first_line)
            id = g;
    double total = f.total_time();
    ImGui::PushID(&shown);
    if (id != kNoFunction && id == state.selected)
        ImGui::SetNextItemOpen(true, ImGuiCond_Always);
    bool open =
        ImGui::CollapsingHeader((f.name + "  " + f.file + ":" + std::to_string(f.first_line) +
                                 "  " + std::to_string(total) + " s###header")
                                    .c_str());
    if (ImGui::IsItemClicked() && id != kNoFunction)
        state.select(id);
    if (open) {
        if (!shown.lines.source_found)
            ImGui::TextDisabled("%s is not on this machine: line numbers only", f.file.c_str());
        ImGuiTableFlags flags =
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
        if (ImGui::BeginTable("timings", 6, flags)) {
            for (const char* column : {"Line #", "Hits", "Time", "Per hit", "% Time"})
                ImGui::TableSetupColumn(column);
            ImGui::TableSetupColumn("Line contents", ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableHeadersRow();
            for (const LineRow& row : shown.lines.rows) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%lld", static_cast<long long>(row.line));
                ImGui::TableNextColumn();
                if (row.timing) {
                    const LprofLine& t = *row.timing;
                    ImGui::Text("%lld", static_cast<long long>(t.hits));
                    ImGui::TableNextColumn();
                    ImGui::Text("%.6f", t.time);
                    ImGui::TableNextColumn();
                    ImGui::Text("%.2f", t.hits ? 1e6 * t.time / double(t.hits) : 0.0);
                    ImGui::TableNextColumn();
                    ImGui::Text("%5.1f", total > 0 ? 100 * t.time / total : 0.0);
                } else {
                    for (int i = 0; i < 3; ++i)
                        ImGui::TableNextColumn();
                }
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row.source.c_str());
            }
            ImGui::EndTable();
        }
    }
    ImGui::PopID();
}

} // namespace framescope
