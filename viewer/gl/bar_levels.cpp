#include "viewer/gl/bar_levels.h"

#include <algorithm>
#include <cmath>

namespace framescope {

void BarLevels::build(std::vector<RectInstance> bars) {
    instances_ = std::move(bars);
    level_begin_ = {0, instances_.size()};
    while (level_begin_.back() - level_begin_[level_begin_.size() - 2] > 1) {
        size_t begin = level_begin_[level_begin_.size() - 2], end = level_begin_.back();
        for (size_t i = begin; i < end; i += 2) {
            RectInstance merged = instances_[i];
            if (i + 1 < end) {
                const RectInstance& next = instances_[i + 1];
                merged.x1 = std::max(merged.x1, next.x1);
                if (next.row > merged.row) {
                    merged.row = next.row;
                    merged.rgba = next.rgba;
                }
            }
            instances_.push_back(merged);
        }
        level_begin_.push_back(instances_.size());
    }
}

BarLevels::Range BarLevels::visible(double start, double end, float width_px) const {
    if (instances_.empty())
        return {0, 0};
    size_t levels = level_begin_.size() - 1;
    // Level 0's bars per pixel, then halve per level until a bar is about a pixel.
    double per_px = double(level_begin_[1]) * (end - start) / std::max(width_px, 1.f);
    size_t level = per_px > 1 ? std::min(levels - 1, size_t(std::log2(per_px))) : 0;
    auto begin = instances_.begin() + std::ptrdiff_t(level_begin_[level]);
    auto stop = instances_.begin() + std::ptrdiff_t(level_begin_[level + 1]);
    // Bars are sorted by x0 and do not overlap: the first visible ends after `start`.
    auto first =
        std::partition_point(begin, stop, [&](const RectInstance& bar) { return bar.x1 < start; });
    auto last =
        std::partition_point(first, stop, [&](const RectInstance& bar) { return bar.x0 <= end; });
    return {size_t(first - instances_.begin()), size_t(last - first)};
}

} // namespace framescope
