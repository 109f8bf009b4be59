// Exceptions a program printed to stderr and carried on after, read from the copy of stderr a
// bundle keeps (stderr.txt) with the crash report reader: each traceback becomes a crash,
// its kind told by the line Python printed before it ("Exception in Tkinter callback", ...).
// What the recorder's hooks recorded is not in the copy, so nothing is counted twice.
#pragma once

#include <string_view>
#include <vector>

#include "loaders/report_bundle.h"

namespace framescope {

// The crashes of `text` (stderr.txt, as valid UTF-8), in order, each naming `member` as its
// file. They carry no time: stderr says not when it was written (time_s is 0).
std::vector<CrashRecord> printed_crashes(std::string_view text, const std::string& member);

} // namespace framescope
