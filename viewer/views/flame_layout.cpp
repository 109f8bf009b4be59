// FlameLayout: binary searches over the tree's rows, and a max tree over the nodes' widths.

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
    size_t count = tree.nodes().size();
    while (leaves_ < count)
        leaves_ *= 2;
    widest_.assign(2 * leaves_, -1.f);
    double total = tree.total_s() > 0 ? tree.total_s() : 1;
    for (size_t n = 0; n < count; ++n)
        widest_[leaves_ + n] = float(tree.node(CallNodeId(n)).inclusive_s / total);
    for (size_t i = leaves_; i-- > 1;)
        widest_[i] = std::max(widest_[2 * i], widest_[2 * i + 1]);
}

CallNodeId FlameLayout::next_wide(CallNodeId from, float share) const {
    const CallNodeId count = CallNodeId(tree_.nodes().size());
    if (from >= count)
        return count;
    size_t i = leaves_ + from;
    if (widest_[i] < share) {
        // Up while this is a right child, then over to the next subtree on the right, until one
        // holds a node wide enough; past the root there is none.
        do {
            while (i & 1)
                i >>= 1;
            if (i == 0)
                return count;
            ++i;
        } while (widest_[i] < share);
        while (i < leaves_) // down to its first leaf wide enough
            i = widest_[2 * i] >= share ? 2 * i : 2 * i + 1;
    }
    return std::min(CallNodeId(i - leaves_), count);
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
    // A node narrower than this share of the axis cannot hold a label (the float widths are
    // rounded: the exact test is below).
    float label_share = float(min_label_px / px_per_unit) * 0.999f;
    int first_row = int(scroll_px / row_height_px);
    int last_row = int((scroll_px + height_px) / row_height_px);
    for (int row = first_row; row <= last_row && size_t(row) + 1 < level_begin_.size(); ++row) {
        const CallNode* row_begin = tree_.nodes().data() + level_begin_[size_t(row)];
        const CallNode* row_end = tree_.nodes().data() + level_begin_[size_t(row) + 1];
        // From the last node starting at or before the view's left edge.
        const CallNode* first =
            std::upper_bound(row_begin, row_end, view.start * total,
                             [](double v, const CallNode& n) { return v < n.start_s; });
        if (first != row_begin)
            --first;
        CallNodeId end = level_begin_[size_t(row) + 1];
        for (CallNodeId n = next_wide(CallNodeId(first - tree_.nodes().data()), label_share);
             n < end; n = next_wide(n + 1, label_share)) {
            const CallNode& node = tree_.node(n);
            double left = (node.start_s / total - view.start) * px_per_unit;
            double right = ((node.start_s + node.inclusive_s) / total - view.start) * px_per_unit;
            if (left > width_px)
                break;
            double shown_left = std::max(left, 0.0);
            double shown_right = std::min(right, double(width_px));
            if (shown_right - shown_left >= min_label_px) // the part on screen must fit a label
                out.push_back({n, float(shown_left), float(shown_right), row});
        }
    }
}

} // namespace framescope
