// Bar charts of a bucket's reports, drawn with ImGui's draw list: per version (oldest first)
// and over time (by hour or by day, as model/crash_bucket_detail binned them), each with a
// count axis, labels under the bars (as many as fit) and each bar's count above it.
#pragma once

#include <span>
#include <string>

#include "model/crash_bucket_detail.h"

namespace framescope {

struct ChartBar {
    std::string label;
    size_t count = 0;
};

// A chart `width_px` wide and `height_px` high at the cursor, titled `title`.
void draw_bar_chart(const char* title, std::span<const ChartBar> bars, float width_px,
                    float height_px);

// Reports per version beside reports over time.
void draw_crash_charts(const BucketDetail& detail);

} // namespace framescope
