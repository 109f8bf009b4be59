// The flame graph (icicle: roots on top) of the call tree, drawn by RectRenderer. Zoom with
// the wheel around the pointer, pan by dragging, click a node to select it and zoom to it,
// double-click to see everything again. Search (from the window's search box) keeps matching
// nodes in colour, greys the rest and marks the matches on an overview strip of the whole
// graph. Labels are drawn only where they fit.
#pragma once

#include <string>
#include <vector>

#include "viewer/gl/rect_renderer.h"
#include "viewer/viewer_state.h"

namespace framescope {

// Pure view arithmetic, kept apart so that it can be tested without a window.
struct FlameViewport {
    double start = 0, end = 1;                // visible part of the axis (0..1 is the whole tree)
    static constexpr double kMinWidth = 1e-5; // float precision of the GPU positions

    // Zooms by `factor` (> 1 zooms in) keeping the axis point under `anchor` (0..1 of the view)
    // in place.
    void zoom(double factor, double anchor);
    void pan(double fraction_of_view); // positive moves the view right
    void show(double from, double to); // fits [from, to] with a small margin
};

class FlameGraphView {
  public:
    Status init() { return renderer_.init(); }
    void draw(ViewerState& state);
    FlameViewport& viewport() { return viewport_; }

  private:
    RectRenderer renderer_;
    FlameViewport viewport_;
    float scroll_px_ = 0;
    const LoadedProfile* uploaded_ = nullptr; // instances reflect this profile, search, selection
    std::string uploaded_search_;
    FunctionId uploaded_selection_ = kNoFunction;
    std::vector<uint32_t> level_begin_; // nodes of depth d: [level_begin_[d], level_begin_[d+1])
    std::vector<bool> matches_;         // per function: does it match the search

    void upload(const ViewerState& state);
    CallNodeId node_at(const CallTree& tree, double x, int depth) const;
};

} // namespace framescope
