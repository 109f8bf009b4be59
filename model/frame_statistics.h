// A session's frame times against its budget: percentiles, and how many frames were over
// budget, over twice the budget, or stalls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace framescope {

enum class FrameSeverity {
    within_budget,
    over_budget,       // longer than the budget
    over_twice_budget, // longer than twice the budget
    stall,             // at least the stall threshold: the program stopped responding
};

FrameSeverity frame_severity(double duration_ms, double budget_ms, double stall_ms);

struct FrameStatistics {
    size_t frames = 0;
    size_t over_budget = 0;       // every frame longer than the budget, stalls included
    size_t over_twice_budget = 0; // those longer than twice the budget, stalls included
    size_t stalls = 0;
    double total_s = 0;
    double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
};

FrameStatistics frame_statistics(std::span<const uint32_t> durations_us, double budget_ms,
                                 double stall_ms);

} // namespace framescope
