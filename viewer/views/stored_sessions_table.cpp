// StoredSessionsTable: the rows shown are indices into the overview's sessions.

#include "viewer/views/stored_sessions_table.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <tuple>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "model/bucket_format.h"
#include "viewer/views/store_colours.h"

namespace framescope {
namespace {

// "crashed", "hung", "crashed, hung", "abnormal", "clean", or "unknown" (a stall trace).
std::string status_label(const ReportBundle& session) {
    const SessionEnding& ending = session.ending;
    std::string label = to_string(ending.status);
    if (ending.status == SessionStatus::abnormal && ending.hung)
        return "hung";
    if (ending.hung)
        label += ", hung";
    return label;
}

size_t crash_count(const ReportBundle& session) {
    return session.crashes.size() + (session.fatal_reports.empty() ? 0 : 1);
}

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

void status_cell(const ReportBundle& session) {
    std::string label = status_label(session);
    if (session.ending.status == SessionStatus::crashed)
        ImGui::TextColored(kCrashedColour, "%s", label.c_str());
    else if (session.ending.hung)
        ImGui::TextColored(kHungColour, "%s", label.c_str());
    else
        ImGui::TextUnformatted(label.c_str());
}

} // namespace

std::string minutes_seconds(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%d:%04.1f", int(seconds / 60),
                  seconds - 60 * int(seconds / 60));
    return text;
}

void StoredSessionsTable::show(std::shared_ptr<const StoreOverview> overview) {
    overview_ = std::move(overview);
    applied_filter_ = "\x01";
}

void StoredSessionsTable::refilter() {
    const StoreOverview& o = *overview_;
    std::string wanted = lowered(filter_);
    shown_.clear();
    for (size_t i = 0; i < o.sessions.size(); ++i) {
        const ReportBundle& s = o.sessions[i];
        std::string row =
            lowered(s.session.app + " " + s.session.version + " " + status_label(s) + " " +
                    s.session.interpreter + " " + s.session.python_version + " " + s.source);
        if (wanted.empty() || row.find(wanted) != std::string::npos)
            shown_.push_back(i);
    }
    applied_filter_ = filter_;
    sort_dirty_ = true;
}

std::optional<std::string> StoredSessionsTable::draw() {
    if (!overview_)
        return std::nullopt;
    const StoreOverview& o = *overview_;
    ImGui::SetNextItemWidth(320);
    ImGui::InputTextWithHint("##filter", "filter: app, version, status, interpreter, file",
                             &filter_);
    if (filter_ != applied_filter_)
        refilter();
    ImGui::SameLine();
    ImGui::TextDisabled("%zu shown; double-click a session to open it", shown_.size());
    std::optional<std::string> open;
    if (!ImGui::BeginTable("session-list", 9, kListFlags))
        return open;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("@", ImGuiTableColumnFlags_DefaultSort);
    for (const char* name :
         {"application", "version", "start", "length", "status", "crashes", "stalls"})
        ImGui::TableSetupColumn(name);
    ImGui::TableSetupColumn("file", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (specs && (specs->SpecsDirty || sort_dirty_) && specs->SpecsCount > 0) {
        const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
        auto key = [&](size_t i) {
            const ReportBundle& s = o.sessions[i];
            switch (spec.ColumnIndex) {
            case 1:
                return std::tuple(s.session.app, 0.0);
            case 2:
                return std::tuple(s.session.version, 0.0);
            case 3:
                return std::tuple(std::string(), s.session.start_unix);
            case 4:
                return std::tuple(std::string(), o.lengths_s[i]);
            case 5:
                return std::tuple(status_label(s), 0.0);
            case 6:
                return std::tuple(std::string(), double(crash_count(s)));
            case 7:
                return std::tuple(std::string(), double(o.stall_counts[i]));
            case 8:
                return std::tuple(s.source, 0.0);
            }
            return std::tuple(std::string(), double(o.ids[i]));
        };
        bool ascending = spec.SortDirection == ImGuiSortDirection_Ascending;
        std::stable_sort(shown_.begin(), shown_.end(), [&](size_t a, size_t b) {
            return ascending ? key(a) < key(b) : key(b) < key(a);
        });
        specs->SpecsDirty = false;
        sort_dirty_ = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(int(shown_.size()));
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            size_t i = shown_[size_t(row)];
            const ReportBundle& s = o.sessions[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(int(i));
            std::string id = "@" + std::to_string(o.ids[i]);
            // A row opens on a double click, or on Enter while the pointer is on it.
            bool clicked = ImGui::Selectable(id.c_str(), false, kRowFlags);
            if ((clicked && ImGui::IsMouseDoubleClicked(0)) ||
                (ImGui::IsItemHovered() &&
                 ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)))
                open = id;
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.session.app.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.session.version.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(
                s.session.start_unix > 0 ? format_time(s.session.start_unix).c_str() : "");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.has_frame_timings ? minutes_seconds(o.lengths_s[i]).c_str()
                                                       : "");
            ImGui::TableNextColumn();
            status_cell(s);
            ImGui::TableNextColumn();
            if (size_t crashes = crash_count(s))
                ImGui::Text("%zu", crashes);
            ImGui::TableNextColumn();
            if (o.stall_counts[i])
                ImGui::Text("%zu", o.stall_counts[i]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.source.c_str());
        }
    ImGui::EndTable();
    return open;
}

} // namespace framescope
