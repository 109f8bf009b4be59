// Exceptions a program printed to stderr and carried on after, read from the copy of stderr a
// bundle keeps (stderr.txt) with the crash report reader: each traceback becomes a crash,
// its kind told by the line Python printed before it ("Exception in Tkinter callback", ...).
// What the recorder's hooks recorded is not in the copy, so nothing is counted twice.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "loaders/report_bundle.h"

namespace framescope {

// When the recorder saw a traceback start in the copy (stderr-times.jsonl): its first
// line's byte offset in the text, and the session's time then.
struct PrintedTime {
    uint64_t offset = 0;
    double time_s = 0;
};

// The crashes of `text` (stderr.txt, as valid UTF-8), in order, each naming `member` as its
// file. Each takes the time of the first of `times` whose offset falls in its text; stderr
// itself says not when it was written, so without one its time_s is 0.
std::vector<CrashRecord> printed_crashes(std::string_view text, const std::string& member,
                                         std::span<const PrintedTime> times = {});

} // namespace framescope
