// draw_export_menu: the exports come from model/profile_exports and model/pstats_text, the
// same code as `framescope export` and `framescope stats`.

#include "viewer/export_menu.h"

#include <fstream>
#include <optional>

#include <imgui.h>

#include "model/profile_exports.h"
#include "model/pstats_text.h"

namespace framescope {
namespace {

std::string save_beside(const LoadedProfile& loaded, const char* suffix, const std::string& text) {
    std::string path = loaded.paths.front() + suffix;
    std::ofstream out(path, std::ios::binary);
    out << text;
    return out.good() ? "saved " + path : "could not write " + path;
}

CallNodeId first_node_of(const CallTree& tree, FunctionId f) {
    for (CallNodeId n = 0; n < tree.nodes().size(); ++n)
        if (tree.node(n).function == f)
            return n;
    return kNoCallNode;
}

} // namespace

std::string draw_export_menu(const ViewerState& state) {
    if (ImGui::Button("Export"))
        ImGui::OpenPopup("export");
    if (!ImGui::BeginPopup("export"))
        return {};
    const LoadedProfile& l = *state.loaded;
    // The findings per frame, as the table shows them.
    std::optional<FrameBudget> frames;
    if (state.frame_function && state.budget_ms > 0)
        frames = FrameBudget{*state.frame_function, state.budget_ms};
    std::string done;
    if (ImGui::MenuItem("Copy the table as pstats text")) {
        SortOrder order = *parse_sort_order(std::vector<std::string>{"cumulative"});
        ImGui::SetClipboardText(PstatsText(l.profile, order).print_stats({}).c_str());
        done = "copied the table";
    }
    CallNodeId subtree =
        state.selected == kNoFunction ? kNoCallNode : first_node_of(l.tree, state.selected);
    if (ImGui::MenuItem("Copy the selected subtree", nullptr, false, subtree != kNoCallNode)) {
        ImGui::SetClipboardText(call_tree_text(l.profile, l.tree, subtree).c_str());
        done = "copied the subtree";
    }
    if (ImGui::MenuItem("Copy the findings (Markdown)")) {
        ImGui::SetClipboardText(
            findings_markdown(l.profile, l.tree, 10, frames ? &*frames : nullptr).c_str());
        done = "copied the findings";
    }
    if (ImGui::MenuItem("Save the findings (Markdown)"))
        done = save_beside(l, ".findings.md",
                           findings_markdown(l.profile, l.tree, 10, frames ? &*frames : nullptr));
    if (ImGui::MenuItem("Save the flame graph (SVG)"))
        done = save_beside(l, ".flame.svg", flame_graph_svg(l.profile, l.tree));
    ImGui::EndPopup();
    return done;
}

} // namespace framescope
