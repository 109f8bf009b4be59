// The flame graph (icicle: roots on top) of the call tree, drawn by RectRenderer. Zoom with
// the wheel around the pointer, pan by dragging, click a node to select it and zoom to it,
// double-click to see everything again; + and - zoom, arrows pan. Search (from the window's search
// box) keeps matching nodes in colour, greys the rest and marks the matches on an overview strip of
// the whole graph. Labels are drawn only where they fit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "viewer/gl/rect_renderer.h"
#include "viewer/viewer_state.h"
#include "viewer/views/flame_layout.h"

namespace framescope {

class FlameGraphView {
  public:
    Status init() { return renderer_.init(); }
    // `tree`, where given, is drawn instead of the state's (a sandwich's halves).
    void draw(ViewerState& state, const CallTree* tree = nullptr);

  private:
    RectRenderer renderer_;
    FlameViewport viewport_;
    float scroll_px_ = 0;
    const LoadedProfile* uploaded_ = nullptr; // instances reflect this profile, search, selection
    const CallTree* uploaded_tree_ = nullptr; // and this tree of it (idle hidden or not)
    const FunctionSearch* uploaded_search_ = nullptr; // the search the colours show
    FunctionId uploaded_selection_ = kNoFunction;
    const FunctionOverlay* uploaded_overlay_ = nullptr;
    std::optional<FlameLayout> layout_;
    std::vector<FlameLabel> labels_; // reused each frame
    std::vector<bool> marked_px_;    // the overview strip's marks, per pixel of its width

    void upload(const ViewerState& state, const CallTree& tree);
};

} // namespace framescope
