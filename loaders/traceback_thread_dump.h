// Reads the thread dumps applications write themselves with the traceback module: a
// watchdog or signal handler printing sys._current_frames() per thread ("# Thread: NAME(ID)",
// "# Thread ID (most recent call first):", "--- Stack for thread ID ---"), gunicorn's
// "WORKER TIMEOUT" followed by a format_stack with no header, and pystack's "Traceback for
// thread ID (NAME) [...] (most recent call last):" with "(Python) File ..." frames.
#pragma once

#include <span>
#include <vector>

#include "loaders/text_lines.h"
#include "loaders/thread_dump.h"

namespace framescope {

// Frames are read outermost first, as traceback prints them, unless the header says "most
// recent call first"; they come back innermost first.
std::vector<HangDump> read_traceback_thread_dumps(std::span<const TextLine> lines);

} // namespace framescope
