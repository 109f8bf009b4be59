// The flame graph's view arithmetic, apart from drawing so that it can be tested and measured
// without a window: the visible part of the axis, zooming and panning it, finding the node
// under the pointer and the nodes wide enough for a label. Each row of the call tree is sorted
// by start (the tree is laid out level by level), so a hit test costs one binary search; a
// tree of the widest node in each run of nodes finds the nodes wide enough for a label without
// visiting the narrow ones between them, so labels cost O(log n) a label, not a step a pixel.
#pragma once

#include <vector>

#include "model/call_tree.h"

namespace framescope {

struct FlameViewport {
    double start = 0, end = 1;                // visible part of the axis (0..1 is the whole tree)
    static constexpr double kMinWidth = 1e-5; // float precision of the GPU positions

    // Zooms by `factor` (> 1 zooms in) keeping the axis point under `anchor` (0..1 of the view)
    // in place.
    void zoom(double factor, double anchor);
    void pan(double fraction_of_view); // positive moves the view right
    void show(double from, double to); // fits [from, to] with a small margin
};

struct FlameLabel {
    CallNodeId node;
    float left_px, right_px; // the node's visible extent in the view
    int row;
};

class FlameLayout {
  public:
    explicit FlameLayout(const CallTree& tree);

    // The node at axis position x (0..1) in row `depth`, or kNoCallNode.
    CallNodeId node_at(double x, int depth) const;
    // The nodes at least `min_label_px` wide in the rows visible at this scroll, into `out`.
    void visible_labels(const FlameViewport& view, float width_px, float height_px, float scroll_px,
                        float row_height_px, float min_label_px,
                        std::vector<FlameLabel>& out) const;

  private:
    const CallTree& tree_;
    std::vector<uint32_t> level_begin_; // depth d is [level_begin_[d], level_begin_[d+1])
    // A max tree over the nodes in tree order: widest_[leaves_ + n] is node n's width as a share
    // of the axis, each inner entry the larger of its two children's (-1 past the last node).
    std::vector<float> widest_;
    size_t leaves_ = 1;

    // The first node at or after `from` at least `share` wide, or the node count.
    CallNodeId next_wide(CallNodeId from, float share) const;
};

} // namespace framescope
