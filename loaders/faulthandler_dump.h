// Reads what Python's faulthandler writes: `dump_traceback_later` timeout dumps, fatal-error
// dumps and `dump_traceback` output, from CPython (every version's headers, 3.14's thread
// names included) and PyPy (approximate line numbers, `[jitted]` and `[jit inlined]` frames,
// a JIT frame repeated beside its interpreted copy, which is read once), as it is written
// and as people paste it: quoted with "> ", inside other programs' output (a test runner's
// line ending in "Timeout (0:00:05)!"), cut off at any line, starting in the middle of a
// dump, or with no header at all. What is there is read; a cut-off dump is normal input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace framescope {

struct DumpFrame {
    std::string file;
    uint32_t line = 0; // 0 where faulthandler wrote "???"
    std::string function;
    bool jitted = false; // PyPy: a JIT-compiled or JIT-inlined frame
};

struct DumpThread {
    uint64_t id = 0;                 // 0 for "Stack (most recent call first):"
    std::string name;                // 3.14+ write the thread's name; empty before
    bool current = false;            // "Current thread": the one that faulted or dumped
    bool approximate_lines = false;  // PyPy: line numbers are the function's first line
    bool collecting_garbage = false; // "Garbage-collecting" (CPython 3.11+)
    bool elided = false;             // "  ...": more frames than faulthandler writes (100)
    std::vector<DumpFrame> frames;   // innermost first
};

struct FaulthandlerDump {
    enum class Kind {
        timeout, // "Timeout (0:00:05)!": dump_traceback_later
        fatal,   // "Fatal Python error: ...": a crash
        plain,   // no header: dump_traceback, a signal, or a paste without its first line
    };
    Kind kind = Kind::plain;
    double timeout_s = 0;      // for timeout dumps
    std::string fatal_message; // for fatal dumps: "Segmentation fault"
    uint32_t first_line = 0;   // 1-based line in the input where the dump starts
    std::vector<DumpThread> threads;
};

// Every dump in `text`, in order. An error only when nothing in it is a faulthandler dump;
// `file` names the input in that error.
Result<std::vector<FaulthandlerDump>> parse_faulthandler_text(std::string_view text,
                                                              const std::string& file);

// The main thread of a dump, which faulthandler does not mark: the one named MainThread
// (3.14+); else the one whose stack starts at a module's top level and not in a threading
// bootstrap; else the last one listed (CPython and PyPy list the oldest thread last).
size_t main_thread_index(const FaulthandlerDump& dump);

} // namespace framescope
