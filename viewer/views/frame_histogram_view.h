// Frame times as a histogram (log-spaced bins, log-scaled counts so that one spike shows)
// with the budget marked, and p50, p90, p99, max and the count over budget, for the whole
// session or the selected frames.
#pragma once

#include <cstdint>
#include <span>

namespace framescope {

class FrameHistogramView {
  public:
    void draw(std::span<const uint32_t> durations_us, double budget_ms, double stall_ms,
              const char* what);
};

} // namespace framescope
