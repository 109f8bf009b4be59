// Reads pytest-timeout's thread dumps: a "+++ Timeout +++" banner (maybe sharing its line with
// pytest's progress output), then per thread a "~~~ Stack of NAME (IDENT) ~~~" title (no
// tildes when too wide for the terminal) and traceback.format_stack frames, outermost first,
// read here into innermost first. Other pytest titles ("~~~ Captured stderr ~~~") end a thread.
#pragma once

#include <span>
#include <vector>

#include "loaders/text_lines.h"
#include "loaders/thread_dump.h"

namespace framescope {

// The dumps among pasted lines. A fragment's leading frames (the end of a thread whose title
// was cut off) right before the first title are kept as a thread without a name.
std::vector<HangDump> read_pytest_timeout_dumps(std::span<const TextLine> lines);

} // namespace framescope
