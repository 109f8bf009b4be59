// Reads line_profiler's .lprof files (what `kernprof -l` and LineProfiler.dump_stats write: a
// pickle of a LineStats object) with the restricted unpickler, so opening one never runs code.
// LineStats holds `timings`, {(file, first line, function name): [(line, hits, time), ...]},
// and `unit`, the seconds of one timer tick.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/profile_data.h"

namespace framescope {

struct LprofLine {
    int64_t line;
    int64_t hits;
    double time; // in timer ticks
};

struct LprofFunction {
    std::string file;
    int64_t first_line; // co_firstlineno: the decorator's line for a decorated function
    std::string name;
    std::vector<LprofLine> lines; // as recorded (line_profiler sorts them by line)
    double total_time() const;    // in ticks
};

struct LprofStats {
    double unit_s = 0; // seconds per tick
    // In line_profiler's order: sorted by (file, first line, name).
    std::vector<LprofFunction> functions;
};

Result<LprofStats> load_lprof(std::span<const uint8_t> bytes, const std::string& name);

// What the views read: a function row per profiled function (own and inclusive time its
// total, calls unknown) and its line timings, in seconds.
ProfileData lprof_profile_data(const LprofStats& stats);

} // namespace framescope
