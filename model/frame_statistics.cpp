#include "model/frame_statistics.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace framescope {

FrameSeverity frame_severity(double duration_ms, double budget_ms, double stall_ms) {
    if (stall_ms > 0 && duration_ms >= stall_ms)
        return FrameSeverity::stall;
    if (duration_ms > 2 * budget_ms)
        return FrameSeverity::over_twice_budget;
    if (duration_ms > budget_ms)
        return FrameSeverity::over_budget;
    return FrameSeverity::within_budget;
}

FrameStatistics frame_statistics(std::span<const uint32_t> durations_us, double budget_ms,
                                 double stall_ms) {
    FrameStatistics stats;
    stats.frames = durations_us.size();
    if (durations_us.empty())
        return stats;
    uint64_t total_us = 0;
    for (uint32_t duration : durations_us) {
        total_us += duration;
        FrameSeverity severity = frame_severity(duration / 1000.0, budget_ms, stall_ms);
        stats.over_budget += severity != FrameSeverity::within_budget;
        stats.over_twice_budget +=
            severity == FrameSeverity::over_twice_budget || severity == FrameSeverity::stall;
        stats.stalls += severity == FrameSeverity::stall;
    }
    stats.total_s = total_us / 1e6;
    std::vector<uint32_t> sorted(durations_us.begin(), durations_us.end());
    // Nearest rank: the smallest duration with at least p% of the frames at or below it.
    auto percentile = [&](double p) {
        size_t rank =
            static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
        size_t index = std::clamp<size_t>(rank, 1, sorted.size()) - 1;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(index),
                         sorted.end());
        return sorted[index] / 1000.0;
    };
    stats.p50_ms = percentile(50);
    stats.p90_ms = percentile(90);
    stats.p99_ms = percentile(99);
    stats.max_ms = *std::max_element(durations_us.begin(), durations_us.end()) / 1000.0;
    return stats;
}

} // namespace framescope
