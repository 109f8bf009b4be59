#include "viewer/views/stall_groups_view.h"

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
    const Stall* shown = nullptr;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    float table_height =
        std::min(ImGui::GetTextLineHeightWithSpacing() * float(groups.size() + 1.5f), 160.f);
    if (ImGui::BeginTable("stall groups", 6, flags, ImVec2(0, table_height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("lost", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("stalls", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("longest", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("sessions", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("GC", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("blocked in", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (size_t g = 0; g < groups.size(); ++g) {
            const StallGroup& group = groups[g];
            ImGui::PushID(int(g));
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
            ImGui::TextUnformatted(group.stack.empty()
                                       ? "(not sampled)"
                                       : describe_frame(group.stack.front()).c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    const StallGroup& group = groups[selected_];
    ImGui::Separator();
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
    ImGui::Text("Stalls:");
    for (size_t i = 0; i < group.stalls.size(); ++i) {
        const Stall& stall = *group.stalls[i];
        ImGui::PushID(int(i));
        // A dump without times (py-spy, gdb) says only where the stall is.
        char when[64] = "";
        if (stall.duration_s > 0)
            std::snprintf(when, sizeof when, "%.2f s at %.2f s of ", stall.duration_s,
                          stall.start_s);
        std::string label = when + findings.sessions[stall.session].source;
        if (ImGui::SmallButton("show"))
            shown = &stall;
        ImGui::SameLine();
        ImGui::TextUnformatted(label.c_str());
        ImGui::PopID();
    }
    return shown;
}

} // namespace framescope
