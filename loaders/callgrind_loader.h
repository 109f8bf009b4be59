// Reads callgrind text, as pyprof2calltree, lsprofcalltree, yappi (save(type="callgrind")) and
// pprofile write it, into function rows and caller edges (ProfileData), which the views read
// as they read cProfile's rows.
//
// Rules (the callgrind format's own): "events:" names the cost columns and "positions:" the
// position columns before them (default one, the line); a position may be relative ("+N",
// "-N", "*" for the same). "(id) name" defines and "(id)" reuses a compressed name, files
// (fl fi fe cfl cfi) and functions (fn cfn) apart. fl= holds until the next fl=, so a fn= with
// no fl= of its own keeps the file before it. A function is (fn name, file of the fl= in force
// at its fn= line). Cost lines under fn= are its own (self) cost; the cost line after
// "calls=N target" is the inclusive cost of that call, to the callee named by the cfn= (and
// cfl=, else the caller's file) before it. A callee nobody wrote a fn= block for is matched by
// name when one function has that name. Inclusive cost is own cost plus the calls' (a call of
// a function to itself is not counted twice). Lines starting with "#" are comments, "key: value"
// lines are headers. Anything else is an error naming the line.
//
// The costs stay in the event's own unit (the data's `unit`: "ns", "Ticks", "hits"). A
// function's calls are those its callers' call lines count: 0 where no call line reaches it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "loaders/profile_data.h"

namespace framescope {

// `event` picks a column by name; empty takes the first, as callgrind tools do.
Result<ProfileData> load_callgrind(std::string_view text, const std::string& name,
                                   const std::string& event = {});

} // namespace framescope
