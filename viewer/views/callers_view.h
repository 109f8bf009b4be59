// Callers and callees of the selected function, with each edge's calls and times; a click
// walks the graph (Back and Forward retrace the walk).
#pragma once

#include "viewer/viewer_state.h"

namespace framescope {

class CallersView {
  public:
    void draw(ViewerState& state);
};

} // namespace framescope
