// The call tree, top-down or bottom-up (where the time was spent, then who called it; built
// off the window's thread): it opens down the hot path (each open node's heaviest child open),
// children under 0.5% of the total fold into one "N more" row, and nodes are expanded on
// demand (ImGui draws only open nodes), with inclusive and own time and the share of the
// total. The tree is attributed from pstats' per-edge totals, and the view says so.
#pragma once

#include <memory>
#include <unordered_set>

#include "model/background_job.h"

#include "viewer/viewer_state.h"

namespace framescope {

class CallTreeView {
  public:
    void draw(ViewerState& state);
    bool working() const { return inverting_ != nullptr; }

  private:
    const CallTree* shown_ = nullptr;         // the tree drawn
    std::unordered_set<CallNodeId> unfolded_; // nodes whose small children are all shown
    bool bottom_up_ = false;
    const CallTree* inverted_from_ = nullptr;
    std::unique_ptr<BackgroundJob<std::shared_ptr<const CallTree>>> inverting_;
    std::shared_ptr<const CallTree> inverted_;

    const CallTree* tree_to_draw(const ViewerState& state);
    void draw_node(ViewerState& state, const CallTree& tree, CallNodeId id, bool hot);
};

} // namespace framescope
