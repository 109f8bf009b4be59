// Profile A (before) against profile B (after): every function of either, matched across
// the two, with both sides' figures and the change. Functions match by file, line and name
// with install prefixes and interpreter differences taken out (the standard library's
// folder, site-packages' location, how PyPy names built-ins); where that fails, by name in
// a file of the same base name (a file moved, lines shifted), then by a name that is unique
// on both sides. Each row says which rule matched it.
#pragma once

#include <string>
#include <vector>

#include "loaders/pstats_profile.h"

namespace framescope {

enum class MatchRule {
    exact,     // same file (inside its install), line and name
    same_file, // same file name and function name; the path or the line differs
    same_name, // the only function of that name on both sides
    only_a,    // vanished in B
    only_b,    // new in B
};

const char* to_string(MatchRule rule);

constexpr FunctionId kNoMatch = 0xffffffffu;

struct SideFigures {
    int64_t calls = 0, prim_calls = 0;
    double tottime = 0, cumtime = 0;
};

struct DiffRow {
    FunctionId a = kNoMatch, b = kNoMatch;
    MatchRule match = MatchRule::exact;
    SideFigures in_a, in_b; // in_b scaled when normalised
    double delta_tottime = 0, delta_cumtime = 0;
    // Relative change of cumulative time; +inf for new functions, -1 for vanished ones.
    double relative_cumtime = 0;
};

struct ProfileDiff {
    std::vector<DiffRow> rows;           // A's functions in A's order, then B's new ones
    double total_a_s = 0, total_b_s = 0; // own time summed, as pstats' total
    double b_scale = 1; // B's times were multiplied by this (normalised to A's total)
    std::vector<uint32_t> row_of_a, row_of_b; // function -> row
};

// `normalise`: scale B's times so its total equals A's, so that a run slower everywhere
// does not hide the function that changed most.
ProfileDiff diff_profiles(const PstatsProfile& a, const PstatsProfile& b, bool normalise = false);

// Sorting rows: by "delta" (own time, largest increase first), "delta-cum", "relative",
// "tottime" or "cumtime" (B's), "calls" (B's), or "name". False for an unknown key.
bool sort_diff_rows(const PstatsProfile& a, const PstatsProfile& b, std::vector<DiffRow>& rows,
                    const std::string& key);

} // namespace framescope
