// Reads what gdb prints with CPython's gdb helpers: `py-bt` and `thread apply all py-bt`
// ("Thread 31 (Thread 0x... (LWP 23498)):" headers, "Traceback (most recent call first):",
// `File "x", line N, in f` innermost first, `<built-in method ...>` pseudo-frames skipped),
// and the older `#10 Frame 0x..., for file X, line N, in f (...)` lines of `bt`/`py-bt`.
#pragma once

#include <span>
#include <vector>

#include "loaders/text_lines.h"
#include "loaders/thread_dump.h"

namespace framescope {

// One dump per paste (a gdb thread number seen twice starts another); gdb's thread 1, the
// process's first thread, is marked as the main one.
std::vector<HangDump> read_gdb_dumps(std::span<const TextLine> lines);

} // namespace framescope
