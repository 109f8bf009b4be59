// The Export menu of the window: each view's text to the clipboard or to a file beside the
// profile (the table as pstats prints it, the selected subtree, the findings, the flame SVG).
#pragma once

#include <string>

#include "viewer/viewer_state.h"

namespace framescope {

// Draws the menu button; returns a line saying what was exported, or an empty string.
std::string draw_export_menu(const ViewerState& state);

} // namespace framescope
