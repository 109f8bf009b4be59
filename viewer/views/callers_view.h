// Callers and callees of the selected function, with each edge's calls and times; a click
// walks the graph (Back and Forward retrace the walk).
#pragma once

#include "viewer/viewer_state.h"

namespace framescope {

class CallersView {
  public:
    void draw(ViewerState& state);

  private:
    const LoadedProfile* indexed_ = nullptr;
    // Callee lists, inverted from pstats' caller lists once per profile.
    std::vector<std::vector<std::pair<FunctionId, const CallerEdge*>>> callees_;
};

} // namespace framescope
