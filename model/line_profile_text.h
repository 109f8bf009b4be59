// line_profiler's views of a .lprof file: each profiled function's source with its hits, time
// and time per hit line by line, for the window, and the text `python -m line_profiler FILE`
// prints, drawn from the same rows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "loaders/lprof_loader.h"
#include "model/load_job.h"

namespace framescope {

struct LineRow {
    int64_t line;
    std::string source; // empty when the file is not on this machine
    std::optional<LprofLine> timing;
};

struct FunctionLines {
    bool source_found = false;
    std::vector<LineRow> rows; // from the function's first line, as line_profiler shows them
};

// The function's block (its decorators, def and body) read from its file, or, when the file
// is not there, the line numbers from its first line to its last timed line.
FunctionLines function_lines(const LprofFunction& function);

// The line-timed functions of a loaded profile (of .lprof inputs), times in seconds.
std::vector<LprofFunction> line_timed_functions(const LoadedProfile& loaded);

// What `python -m line_profiler FILE.lprof` prints: the timer unit, then per function its
// total time, file and first line, and a table "Line # Hits Time Per Hit % Time Line Contents"
// with line_profiler's column widths and number formats.
std::string line_profile_text(const LprofStats& profile);

} // namespace framescope
