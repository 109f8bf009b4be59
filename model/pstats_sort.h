// pstats' sort_stats(): the sort keys it accepts (with its unique-prefix abbreviations and the
// old integer keys -1, 0, 1, 2) and the stable multi-key sort over functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/pstats_profile.h"

namespace framescope {

// The columns pstats sorts on, numbered as in its sort tuples.
enum class SortField { PrimCalls, Calls, SelfTime, CumulativeTime, File, Line, Name, StdName };

struct SortColumn {
    SortField field;
    int direction; // -1: largest first, 1: smallest first
};

struct SortOrder {
    std::vector<SortColumn> columns;
    std::string description; // "cumulative time, call count", as "Ordered by:" prints it
};

// Parses keys such as {"cumulative"}, {"tim", "name"} or {"2"} as sort_stats() would.
Result<SortOrder> parse_sort_order(std::span<const std::string> words);

// Function ids (of functions with stats) in the given order; ties keep dict order. Only the
// first `leading` need be in order (the rest follow in no particular order): a report of the
// top 30 of a large profile sorts no more than that.
std::vector<FunctionId> sort_functions(const PstatsProfile& profile, const SortOrder& order,
                                       size_t leading = SIZE_MAX);

} // namespace framescope
