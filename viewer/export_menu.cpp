// ExportMenu: the exports come from model/profile_exports and model/pstats_text, the same
// code as `framescope export` and `framescope stats`.

#include "viewer/export_menu.h"

#include <fstream>
#include <optional>

#include <imgui.h>

#include "model/profile_exports.h"
#include "model/pstats_text.h"

namespace framescope {
namespace {

CallNodeId first_node_of(const CallTree& tree, FunctionId f) {
    for (CallNodeId n = 0; n < tree.nodes().size(); ++n)
        if (tree.node(n).function == f)
            return n;
    return kNoCallNode;
}

} // namespace

void ExportMenu::make(std::function<std::string()> text, std::string path, std::string done) {
    save_to_ = std::move(path);
    done_ = std::move(done);
    making_ = std::make_unique<BackgroundJob<std::string>>(
        [text = std::move(text)](LoadProgress&) -> Result<std::string> { return text(); });
}

std::string ExportMenu::finish() {
    std::optional<Result<std::string>> made = making_->take_result();
    if (!made)
        return {};
    making_.reset();
    if (!*made)
        return made->error().to_string();
    if (save_to_.empty()) {
        ImGui::SetClipboardText(made->value().c_str());
        return done_;
    }
    std::ofstream out(save_to_, std::ios::binary);
    out << made->value();
    return out.good() ? "saved " + save_to_ : "could not write " + save_to_;
}

std::string ExportMenu::draw(const ViewerState& state) {
    std::string done = making_ ? finish() : std::string();
    ImGui::BeginDisabled(making_ != nullptr);
    if (ImGui::Button(making_ ? "Exporting..." : "Export"))
        ImGui::OpenPopup("export");
    ImGui::EndDisabled();
    if (!ImGui::BeginPopup("export"))
        return done;
    // The texts are made from the loaded profile, which the job holds on to.
    std::shared_ptr<const LoadedProfile> l = state.loaded;
    // The findings per frame, as the table shows them.
    std::optional<FrameBudget> frames;
    if (state.frame_function && state.budget_ms > 0)
        frames = FrameBudget{*state.frame_function, state.budget_ms};
    auto findings = [l, frames] {
        return findings_markdown(l->profile, l->tree, 10, frames ? &*frames : nullptr);
    };
    if (ImGui::MenuItem("Copy the table as pstats text"))
        make(
            [l] {
                SortOrder order = *parse_sort_order(std::vector<std::string>{"cumulative"});
                return PstatsText(l->profile, order, l->unit).print_stats({});
            },
            {}, "copied the table");
    CallNodeId subtree =
        state.selected == kNoFunction ? kNoCallNode : first_node_of(l->tree, state.selected);
    if (ImGui::MenuItem("Copy the selected subtree", nullptr, false, subtree != kNoCallNode))
        make([l, subtree] { return call_tree_text(l->profile, l->tree, subtree); }, {},
             "copied the subtree");
    if (ImGui::MenuItem("Copy the findings (Markdown)"))
        make(findings, {}, "copied the findings");
    if (ImGui::MenuItem("Save the findings (Markdown)"))
        make(findings, l->paths.front() + ".findings.md", {});
    if (ImGui::MenuItem("Save the flame graph (SVG)"))
        make([l] { return flame_graph_svg(l->profile, l->tree); }, l->paths.front() + ".flame.svg",
             {});
    ImGui::EndPopup();
    return done;
}

} // namespace framescope
