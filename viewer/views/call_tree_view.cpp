// CallTreeView: a table whose first column is an ImGui tree; a node's children are drawn only
// while it is open, so a tree of a million nodes costs what is visible.

#include "viewer/views/call_tree_view.h"

#include <imgui.h>

namespace framescope {

void CallTreeView::draw_node(ViewerState& state, CallNodeId id) {
    const CallTree& tree = state.loaded->tree;
    const PstatsProfile& p = state.loaded->profile;
    const CallNode& node = tree.node(id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_SpanFullWidth | ImGuiTreeNodeFlags_OpenOnArrow;
    if (node.child_count == 0)
        flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
    if (node.depth < 3)
        flags |= ImGuiTreeNodeFlags_DefaultOpen;
    if (node.function == state.selected)
        flags |= ImGuiTreeNodeFlags_Selected;
    bool open = ImGui::TreeNodeEx(reinterpret_cast<void*>(uintptr_t(id)), flags, "%s",
                                  function_label(p, node.function).c_str());
    if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen())
        state.select(node.function);
    ImGui::TableNextColumn();
    ImGui::Text("%9.3f", node.inclusive_s);
    ImGui::TableNextColumn();
    ImGui::Text("%5.1f%%", tree.total_s() > 0 ? 100.0 * node.inclusive_s / tree.total_s() : 0);
    ImGui::TableNextColumn();
    ImGui::Text("%9.3f", node.self_s);
    if (open && node.child_count > 0) {
        for (uint32_t i = 0; i < node.child_count; ++i)
            draw_node(state, node.first_child + i);
        ImGui::TreePop();
    }
}

void CallTreeView::draw(ViewerState& state) {
    const CallTree& tree = state.loaded->tree;
    ImGui::TextDisabled("Call paths are attributed: pstats keeps totals per caller, so a "
                        "function's time is split among its callers by each edge's cumulative "
                        "time.");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("tree", 4, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("function", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("inclusive s", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("share", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("own s", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (CallNodeId root : tree.roots())
        draw_node(state, root);
    ImGui::EndTable();
}

} // namespace framescope
