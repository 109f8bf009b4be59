// FlameLayout: binary searches over the tree's rows.

#include "viewer/views/flame_layout.h"

#include <algorithm>
#include <cmath>

namespace framescope {

void FlameViewport::zoom(double factor, double anchor) {
    double width = end - start;
    double new_width = std::clamp(width / factor, kMinWidth, 1.0);
    double at = start + anchor * width;
    start = at - anchor * new_width;
    end = start + new_width;
    pan(0);
}

void FlameViewport::pan(double fraction_of_view) {
    double width = end - start;
    start = std::clamp(start + fraction_of_view * width, 0.0, 1.0 - width);
    end = start + width;
}

void FlameViewport::show(double from, double to) {
    double width = std::max(to - from, kMinWidth);
    double margin = width * 0.02;
    start = std::max(0.0, from - margin);
    end = std::min(1.0, from + width + margin);
}

FlameLayout::FlameLayout(const CallTree& tree) : tree_(tree) {
    level_begin_.assign(tree.max_depth() + 2, uint32_t(tree.nodes().size()));
    for (CallNodeId n = uint32_t(tree.nodes().size()); n-- > 0;)
        level_begin_[tree.node(n).depth] = n;
}

CallNodeId FlameLayout::node_at(double x, int depth) const {
    if (depth < 0 || size_t(depth) + 1 >= level_begin_.size())
        return kNoCallNode;
    double at = x * tree_.total_s();
    const CallNode* first = tree_.nodes().data() + level_begin_[size_t(depth)];
    const CallNode* last = tree_.nodes().data() + level_begin_[size_t(depth) + 1];
    // The last node starting at or before x.
    const CallNode* it = std::upper_bound(
        first, last, at, [](double v, const CallNode& n) { return v < n.start_s; });
    if (it == first)
        return kNoCallNode;
    --it;
    return at < it->start_s + it->inclusive_s ? CallNodeId(it - tree_.nodes().data()) : kNoCallNode;
}

void FlameLayout::visible_labels(const FlameViewport& view, float width_px, float height_px,
                                 float scroll_px, float row_height_px, float min_label_px,
                                 std::vector<FlameLabel>& out) const {
    out.clear();
    double total = tree_.total_s() > 0 ? tree_.total_s() : 1;
    double px_per_unit = width_px / (view.end - view.start);
    int first_row = int(scroll_px / row_height_px);
    int last_row = int((scroll_px + height_px) / row_height_px);
    for (int row = first_row; row <= last_row && size_t(row) + 1 < level_begin_.size(); ++row) {
        CallNodeId n = node_at(view.start, row);
        if (n == kNoCallNode)
            n = level_begin_[size_t(row)];
        const CallNode* row_end = tree_.nodes().data() + level_begin_[size_t(row) + 1];
        while (n < level_begin_[size_t(row) + 1]) {
            const CallNode& node = tree_.node(n);
            double left = (node.start_s / total - view.start) * px_per_unit;
            double right = ((node.start_s + node.inclusive_s) / total - view.start) * px_per_unit;
            if (left > width_px)
                break;
            double shown_left = std::max(left, 0.0);
            double shown_right = std::min(right, double(width_px));
            if (shown_right - shown_left >= min_label_px) // the part on screen must fit a label
                out.push_back({n, float(shown_left), float(shown_right), row});
            if (right - left >= 1) {
                ++n;
                continue;
            }
            // A sub-pixel node: skip to the first node that starts in a later pixel, so a row
            // costs at most about one step a pixel however many nodes it holds.
            double next_pixel = (std::floor(right) + 1) / px_per_unit + view.start;
            const CallNode* next =
                std::lower_bound(tree_.nodes().data() + n + 1, row_end, next_pixel * total,
                                 [](const CallNode& c, double v) { return c.start_s < v; });
            n = CallNodeId(next - tree_.nodes().data());
        }
    }
}

} // namespace framescope
