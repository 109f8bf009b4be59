// A loaded profile of any format in other tools' formats, so a user can move it to speedscope,
// flamegraph.pl or KCachegrind: speedscope JSON and folded stacks from the call tree's paths
// (exact where the input recorded them, attributed from caller edges for pstats and callgrind,
// and the speedscope file says which), callgrind from the function rows and caller edges, and
// framescope's own JSON of the function table.
#pragma once

#include <string>

#include "model/load_job.h"

namespace framescope {

// A speedscope file with one "sampled" profile: a sample per call-tree node that has own
// time, its stack the node's path, its weight that own time (and an empty stack for weight
// recorded on no function).
std::string speedscope_export(const LoadedProfile& loaded);

// Folded stacks, "outer;...;inner N", one line per call-tree node with own time, frames
// written "name (file:line)" as py-spy writes them, and " N" for weight on no function.
// flamegraph.pl wants integer counts, so weights in seconds are written as whole microseconds
// (collapsed_scale says so), other units rounded as they are.
std::string collapsed_export(const LoadedProfile& loaded);
double collapsed_scale(const std::string& unit); // 1e6 for "seconds", else 1

// Callgrind text KCachegrind and callgrind_annotate read: each function's own cost, and a
// calls= line with the inclusive cost of each caller edge. Costs in seconds are written as
// whole nanoseconds ("events: ns", as pyprof2calltree does); other units as they are.
std::string callgrind_export(const LoadedProfile& loaded);

// {"format", "unit", "total", "functions": [{"function", "file", "line", "self", "total",
// "calls"}...]}: the function table, heaviest own time first; line and calls are null where
// the format does not record them.
std::string json_export(const LoadedProfile& loaded);

} // namespace framescope
