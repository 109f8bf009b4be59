#include "viewer/views/stall_groups_view.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "model/findings_format.h"

namespace framescope {

const Stall* StallGroupsView::draw(const SessionFindings& findings) {
    const std::vector<StallGroup>& groups = findings.stall_groups;
    if (groups.empty()) {
        ImGui::TextDisabled("No stalls: no frame ran as long as the stall threshold.");
        return nullptr;
    }
    if (selected_ >= groups.size())
        selected_ = 0;
    draw_table(groups);
    const StallGroup& group = groups[selected_];
    ImGui::Separator();
    draw_diagnosis(group);
    ImGui::Text("Main thread, innermost first:");
    for (const StackEntry& entry : group.stack) {
        ImGui::BulletText("%s", describe_frame(entry).c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", entry.file.c_str());
    }
    if (!group.reentered.empty()) {
        std::string functions;
        for (const std::string& function : group.reentered)
            functions += (functions.empty() ? "" : ", ") + function;
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.6f, 0.3f, 1));
        ImGui::TextWrapped("Re-entered on the same thread: %s", functions.c_str());
        ImGui::PopStyleColor();
    }
    for (const OtherThread& thread : group.other_threads) {
        std::string where;
        for (size_t i = 0; i < thread.stack.size(); ++i)
            where += (i ? " <- " : "") + describe_frame(thread.stack[i]);
        ImGui::TextWrapped("Meanwhile %s (%zu samples): %s", thread.thread.c_str(), thread.samples,
                           where.c_str());
    }
    return draw_stalls(findings, group);
}

void StallGroupsView::draw_table(const std::vector<StallGroup>& groups) {
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    float table_height =
        std::min(ImGui::GetTextLineHeightWithSpacing() * float(groups.size() + 1.5f), 160.f);
    if (!ImGui::BeginTable("stall groups", 7, flags, ImVec2(0, table_height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("lost", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("stalls", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("longest", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("sessions", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("GC", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("kind", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("blocked in", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(groups.size()));
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            size_t g = size_t(row);
            const StallGroup& group = groups[g];
            ImGui::PushID(row);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string lost = describe_seconds(group.total_s);
            if (ImGui::Selectable(lost.c_str(), selected_ == g,
                                  ImGuiSelectableFlags_SpanAllColumns))
                selected_ = g;
            ImGui::TableNextColumn();
            ImGui::Text("%zu%s", group.count, group.unfinished ? " (hung)" : "");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(describe_seconds(group.longest_s).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%zu", group.sessions);
            ImGui::TableNextColumn();
            ImGui::Text("%zu", group.during_gc);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(stall_kind_id(group.diagnosis.kind));
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", stall_kind_title(group.diagnosis.kind));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(group.stack.empty()
                                       ? "(not sampled)"
                                       : describe_frame(group.stack.front()).c_str());
            ImGui::PopID();
        }
    ImGui::EndTable();
}

void StallGroupsView::draw_diagnosis(const StallGroup& group) {
    const StallDiagnosis& diagnosis = group.diagnosis;
    ImGui::Text("Kind: %s", stall_kind_title(diagnosis.kind));
    if (!diagnosis.evidence.empty())
        ImGui::TextWrapped("  %s", diagnosis.evidence.c_str());
    if (!diagnosis.held_by.empty())
        ImGui::TextWrapped("Lock held by: %s", diagnosis.held_by.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.5f, 0.9f, 0.5f, 1));
    ImGui::TextWrapped("Remedy: %s", stall_kind_remedy(diagnosis.kind));
    ImGui::PopStyleColor();
    ImGui::TextWrapped("Versions: %s", describe_versions(group.versions).c_str());
    ImGui::TextWrapped("Interpreters: %s", describe_interpreters(group.interpreters).c_str());
}

const Stall* StallGroupsView::draw_stalls(const SessionFindings& findings,
                                          const StallGroup& group) {
    const Stall* first = group.stalls.empty() ? nullptr : group.stalls.front();
    if (by_session_of_ != &group || by_session_first_ != first) {
        by_session_ = stalls_by_session(group);
        by_session_of_ = &group;
        by_session_first_ = first;
    }
    const Stall* shown = nullptr;
    ImGui::Text("Stalls, by session:");
    ImGuiListClipper clipper;
    clipper.Begin(int(by_session_.size()));
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const SessionStalls& stalls = by_session_[size_t(row)];
            ImGui::PushID(row);
            // A dump without times (py-spy, gdb) says only where the stall is.
            char when[96] = "";
            if (stalls.total_s > 0)
                std::snprintf(when, sizeof when, ", %.2f s in all, longest %.2f s at %.2f s",
                              stalls.total_s, stalls.longest->duration_s, stalls.longest->start_s);
            std::string label = findings.sessions[stalls.session].source + ": " +
                                std::to_string(stalls.count) +
                                (stalls.count == 1 ? " stall" : " stalls") + when;
            if (ImGui::SmallButton("show"))
                shown = stalls.longest;
            ImGui::SameLine();
            ImGui::TextUnformatted(label.c_str());
            ImGui::PopID();
        }
    return shown;
}

} // namespace framescope
