// The top-down call tree: it opens down the hot path (each open node's heaviest child open),
// children under 0.5% of the total fold into one "N more" row, and nodes are expanded on
// demand (ImGui draws only open nodes), with inclusive and own time and the share of the
// total. The tree is attributed from pstats' per-edge totals, and the view says so.
#pragma once

#include <unordered_set>

#include "viewer/viewer_state.h"

namespace framescope {

class CallTreeView {
  public:
    void draw(ViewerState& state);

  private:
    const CallTree* shown_ = nullptr;
    std::unordered_set<CallNodeId> unfolded_; // nodes whose small children are all shown
    void draw_node(ViewerState& state, CallNodeId id, bool hot);
};

} // namespace framescope
