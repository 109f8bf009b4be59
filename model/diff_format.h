// A profile comparison as text, Markdown or JSON: the rows that changed most, both sides'
// figures and the matching rule. The JSON is an array of rows with file, line, function,
// a and b (ncalls, tottime, cumtime), delta_tottime, delta_cumtime and match.
#pragma once

#include <span>
#include <string>

#include "model/findings_format.h"
#include "model/profile_diff.h"

namespace framescope {

std::string format_diff(const PstatsProfile& a, const PstatsProfile& b, const ProfileDiff& diff,
                        std::span<const DiffRow> rows, FindingsFormat format);

// The function a row stands for, as pstats labels it: B's where it has one.
std::string diff_row_label(const PstatsProfile& a, const PstatsProfile& b, const DiffRow& row);

} // namespace framescope
