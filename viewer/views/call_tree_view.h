// The top-down call tree: expanded on demand (ImGui draws only open nodes), with inclusive and
// own time and the share of the total. The tree is attributed from pstats' per-edge totals,
// and the view says so.
#pragma once

#include "viewer/viewer_state.h"

namespace framescope {

class CallTreeView {
  public:
    void draw(ViewerState& state);

  private:
    void draw_node(ViewerState& state, CallNodeId id);
};

} // namespace framescope
