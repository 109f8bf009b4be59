// Reads what Python's faulthandler writes: `dump_traceback_later` timeout dumps, fatal-error
// dumps and `dump_traceback` output, from CPython (every version's headers, 3.14's thread
// names included) and PyPy (approximate line numbers, `[jitted]` and `[jit inlined]` frames,
// a JIT frame repeated beside its interpreted copy, which is read once), as it is written
// and as people paste it: quoted with "> ", inside other programs' output (a test runner's
// line ending in "Timeout (0:00:05)!"), cut off at any line, starting in the middle of a
// dump, or with no header at all. What is there is read; a cut-off dump is normal input.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "loaders/text_lines.h"
#include "loaders/thread_dump.h"

namespace framescope {

// Where a fatal-error header starts on a line: "Fatal Python error: ..." (every OS) or
// "Windows fatal exception: ..." (faulthandler on Windows); npos if there is none.
size_t fatal_error_header(std::string_view line);

// Every dump in `text`, in order. An error only when nothing in it is a faulthandler dump;
// `file` names the input in that error.
Result<std::vector<HangDump>> parse_faulthandler_text(std::string_view text,
                                                      const std::string& file);

// The faulthandler dumps among pasted lines (see pasted_lines), for parse_hang_dumps.
std::vector<HangDump> read_faulthandler_dumps(std::span<const TextLine> lines);

} // namespace framescope
