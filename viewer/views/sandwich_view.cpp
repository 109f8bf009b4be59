#include "viewer/views/sandwich_view.h"

#include <imgui.h>

namespace framescope {

Status SandwichView::init() {
    if (Status s = callers_.init(); !s)
        return s;
    return callees_.init();
}

void SandwichView::draw(ViewerState& state) {
    FunctionId f = state.selected;
    if (f == kNoFunction) {
        ImGui::TextDisabled("Select a function: its callers show above it, its callees below.");
        return;
    }
    const CallTree& tree = state.tree();
    if (built_for_ != &tree || built_function_ != f) {
        built_for_ = &tree;
        built_function_ = f;
        sandwich_.reset();
        // The tree outlives the job: both belong to the loaded profile the state holds.
        building_ = std::make_unique<BackgroundJob<std::shared_ptr<const Sandwich>>>(
            [loaded = state.loaded, &tree,
             f](LoadProgress&) -> Result<std::shared_ptr<const Sandwich>> {
                return std::make_shared<const Sandwich>(sandwich_of(tree, f));
            });
    }
    if (building_)
        if (auto result = building_->take_result()) {
            if (*result)
                sandwich_ = result->value();
            building_.reset();
        }
    std::string name = state.loaded->names.label(state.loaded->profile, f, state.strip_dirs);
    if (!sandwich_) {
        ImGui::TextDisabled("Gathering the callers and callees of %s...", name.c_str());
        return;
    }
    float half = (ImGui::GetContentRegionAvail().y - 2 * ImGui::GetTextLineHeightWithSpacing()) / 2;
    ImGui::Text("Callers of %s (each row: who called the row above)", name.c_str());
    ImGui::BeginChild("callers", ImVec2(0, half), false);
    callers_.draw(state, &sandwich_->callers);
    ImGui::EndChild();
    ImGui::Text("Callees of %s", name.c_str());
    ImGui::BeginChild("callees", ImVec2(0, 0), false);
    callees_.draw(state, &sandwich_->callees);
    ImGui::EndChild();
}

} // namespace framescope
