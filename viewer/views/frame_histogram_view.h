// Frame times as a histogram (log-spaced bins, log-scaled counts so that one spike shows)
// on a count axis and a time axis in ms, with the budget marked, and p50, p90, p99, max and
// the count over budget, for the whole session or the selected frames.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/frame_statistics.h"

namespace framescope {

class FrameHistogramView {
  public:
    void draw(std::span<const uint32_t> durations_us, double budget_ms, double stall_ms,
              const char* what);

  private:
    // Percentiles and bin counts, computed when the frames or thresholds change rather
    // than every frame (an hour of frames is 216,000 durations to sort through).
    const uint32_t* counted_data_ = nullptr;
    size_t counted_size_ = 0;
    double counted_budget_ms_ = -1, counted_stall_ms_ = -1;
    FrameStatistics stats_;
    std::vector<size_t> counts_;

    void count(std::span<const uint32_t> durations_us, double budget_ms, double stall_ms);
};

} // namespace framescope
