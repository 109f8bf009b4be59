// A profile comparison as text, Markdown or JSON: the rows that changed most, both sides'
// figures and the matching rule. The JSON is an array of rows with file, line, function,
// a and b (ncalls, tottime, cumtime), delta_tottime, delta_cumtime and match (and, per
// frame, delta_ms_per_frame).
#pragma once

#include <span>
#include <string>

#include "model/findings_format.h"
#include "model/profile_diff.h"

namespace framescope {

// The frames of each side, counted by the main loop's per-frame function.
struct DiffFrames {
    std::string function;
    double frames_a = 0, frames_b = 0;
};

// With `frames`, each row also says how its cumulative time changed per frame, in ms
// ("+0.16 ms per frame"); in JSON as delta_ms_per_frame.
std::string format_diff(const PstatsProfile& a, const PstatsProfile& b, const ProfileDiff& diff,
                        std::span<const DiffRow> rows, FindingsFormat format,
                        const DiffFrames* frames = nullptr);

// The function a row stands for, as pstats labels it: B's where it has one.
std::string diff_row_label(const PstatsProfile& a, const PstatsProfile& b, const DiffRow& row);

} // namespace framescope
