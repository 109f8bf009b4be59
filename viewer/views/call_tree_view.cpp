// CallTreeView: a table whose first column is an ImGui tree; a node's children are drawn only
// while it is open, so a tree of a million nodes costs what is visible.

#include "viewer/views/call_tree_view.h"

#include <string>

#include <imgui.h>

namespace framescope {

namespace {
constexpr double kSmallShare = 0.005; // children under this share of the total fold
} // namespace

void CallTreeView::draw_node(ViewerState& state, const CallTree& tree, CallNodeId id, bool hot) {
    const PstatsProfile& p = state.loaded->profile;
    const CallNode& node = tree.node(id);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_SpanFullWidth | ImGuiTreeNodeFlags_OpenOnArrow;
    if (node.child_count == 0)
        flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
    if (hot)
        flags |= ImGuiTreeNodeFlags_DefaultOpen;
    if (node.function == state.selected)
        flags |= ImGuiTreeNodeFlags_Selected;
    std::string label = state.loaded->names.label(p, node.function, state.strip_dirs);
    // A search's matches stand out; the rest dim.
    const FunctionSearch* search = state.found.get();
    bool searching = search && !search->matches_all();
    if (searching)
        ImGui::PushStyleColor(ImGuiCol_Text, search->match(node.function)
                                                 ? ImVec4(1.0f, 0.78f, 0.35f, 1)
                                                 : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    bool open =
        ImGui::TreeNodeEx(reinterpret_cast<void*>(uintptr_t(id)), flags, "%s", label.c_str());
    if (searching)
        ImGui::PopStyleColor();
    if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen())
        state.select(node.function);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", function_label(p, node.function).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(state.weight(node.inclusive_s).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%5.1f%%", tree.total_s() > 0 ? 100.0 * node.inclusive_s / tree.total_s() : 0);
    if (!bottom_up_) { // bottom-up, every node's time is own time spent below it
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(state.weight(node.self_s).c_str());
    }
    if (!open || node.child_count == 0)
        return;
    CallNodeId heaviest = node.first_child;
    for (uint32_t i = 1; i < node.child_count; ++i)
        if (tree.node(node.first_child + i).inclusive_s > tree.node(heaviest).inclusive_s)
            heaviest = node.first_child + i;
    size_t folded = 0;
    bool unfold = unfolded_.count(id) > 0;
    for (uint32_t i = 0; i < node.child_count; ++i) {
        CallNodeId child = node.first_child + i;
        if (!unfold && child != heaviest &&
            tree.node(child).inclusive_s < kSmallShare * tree.total_s()) {
            ++folded;
            continue;
        }
        draw_node(state, tree, child, hot && child == heaviest);
    }
    if (folded > 0) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(int(id));
        std::string more = std::to_string(folded) + " more under 0.5%";
        if (ImGui::Selectable(more.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
            unfolded_.insert(id);
        ImGui::PopID();
    }
    ImGui::TreePop();
}

const CallTree* CallTreeView::tree_to_draw(const ViewerState& state) {
    const CallTree& top_down = state.tree();
    if (!bottom_up_)
        return &top_down;
    if (inverted_from_ != &top_down) {
        inverted_from_ = &top_down;
        inverted_.reset();
        // The state's loaded profile, captured, keeps the tree alive for the job.
        inverting_ = std::make_unique<BackgroundJob<std::shared_ptr<const CallTree>>>(
            [loaded = state.loaded,
             &top_down](LoadProgress&) -> Result<std::shared_ptr<const CallTree>> {
                return std::make_shared<const CallTree>(top_down.inverted());
            });
    }
    if (inverting_)
        if (auto result = inverting_->take_result()) {
            if (*result)
                inverted_ = result->value();
            inverting_.reset();
        }
    return inverted_.get();
}

void CallTreeView::draw(ViewerState& state) {
    if (ImGui::RadioButton("top-down", !bottom_up_))
        bottom_up_ = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("bottom-up", bottom_up_))
        bottom_up_ = true;
    ImGui::SameLine();
    ImGui::TextDisabled(bottom_up_ ? "where time was spent, then who called it"
                                   : "call paths are attributed: pstats keeps totals per "
                                     "caller, so time is split among callers by each edge");
    const CallTree* drawn = tree_to_draw(state);
    if (!drawn) {
        ImGui::TextDisabled("turning the tree upside down...");
        return;
    }
    const CallTree& tree = *drawn;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable(bottom_up_ ? "tree bottom-up" : "tree", bottom_up_ ? 3 : 4, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("function", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("total", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("total %", ImGuiTableColumnFlags_WidthFixed);
    if (!bottom_up_)
        ImGui::TableSetupColumn("own", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    if (shown_ != &tree) {
        shown_ = &tree;
        unfolded_.clear();
    }
    // The hot path starts at the heaviest root.
    CallNodeId hottest = kNoCallNode;
    for (CallNodeId root : tree.roots())
        if (hottest == kNoCallNode || tree.node(root).inclusive_s > tree.node(hottest).inclusive_s)
            hottest = root;
    for (CallNodeId root : tree.roots())
        draw_node(state, tree, root, root == hottest);
    ImGui::EndTable();
}

} // namespace framescope
