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
#include "loaders/pstats_profile.h"

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

// The function table's rows: one function per profiled function, its own and cumulative time
// the function's total in seconds, its calls unknown (0).
PstatsProfile line_profile_functions(const LprofStats& profile, const std::string& source);

} // namespace framescope
