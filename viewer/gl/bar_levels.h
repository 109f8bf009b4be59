// Levels of detail for bars on a time axis, so that a frame draws about as many bars as the
// view has pixels, not 200,000. Level 0 is the bars given (sorted by start); each next level
// merges neighbours in pairs into one bar spanning both, as tall as the taller, in its colour:
// a merged bar shows the maximum, so a spike survives every level. All levels live in one
// array, uploaded once; a view draws one contiguous range of one level.
#pragma once

#include <cstddef>
#include <vector>

#include "viewer/gl/rect_renderer.h"

namespace framescope {

class BarLevels {
  public:
    void build(std::vector<RectInstance> bars); // level 0, sorted by x0
    const std::vector<RectInstance>& instances() const { return instances_; }

    struct Range {
        size_t first, count;
    };
    // The bars to draw for the axis span [start, end] across `width_px`: from the finest level
    // whose bars are still at least about a pixel wide, those that overlap the span.
    Range visible(double start, double end, float width_px) const;

  private:
    std::vector<RectInstance> instances_;
    std::vector<size_t> level_begin_; // level k is [level_begin_[k], level_begin_[k + 1])
};

} // namespace framescope
