// What every hang-dump reader produces: dumps of a process's threads, each thread's frames
// innermost first, whatever tool printed them (faulthandler, py-spy, pytest-timeout, gdb,
// a watchdog's traceback). Which thread is the main one is decided here, once for all forms.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace framescope {

struct DumpFrame {
    std::string file;
    uint32_t line = 0; // 0 where the tool wrote none ("???", a native frame without lines)
    std::string function;
    bool jitted = false; // PyPy: a JIT-compiled or JIT-inlined frame
    bool native = false; // a C/C++ frame (py-spy --native, pystack "(C)"): file is a library
};

struct DumpThread {
    uint64_t id = 0;                 // as printed (pthread id or native id); 0 if none was
    std::string name;                // where the tool prints one; empty otherwise
    bool current = false;            // "Current thread": the one that faulted or dumped
    bool said_main = false;          // the tool says so: gdb's thread 1, a py-spy id == pid
    bool approximate_lines = false;  // PyPy: line numbers are the function's first line
    bool collecting_garbage = false; // "Garbage-collecting" (CPython 3.11+)
    bool elided = false;             // "...": more frames than the tool (or reporter) wrote
    std::vector<DumpFrame> frames;   // innermost first
};

struct HangDump {
    enum class Kind {
        timeout, // "Timeout (0:00:05)!", "+++ Timeout +++", "WORKER TIMEOUT"
        fatal,   // "Fatal Python error: ...", "Windows fatal exception: ...": a crash
        plain,   // no header: an on-demand dump, or a paste without its first line
    };
    enum class Form { faulthandler, pyspy, pytest_timeout, gdb, traceback };
    Kind kind = Kind::plain;
    double timeout_s = 0;      // for faulthandler timeout dumps; 0 where not printed
    std::string fatal_kind;    // for fatal dumps: "Fatal Python error", "Windows fatal exception"
    std::string fatal_message; // for fatal dumps: "Segmentation fault", "access violation"
    uint32_t first_line = 0;   // 1-based line in the input where the dump starts
    std::vector<DumpThread> threads;
    Form form = Form::faulthandler;
    uint64_t process_id = 0;   // py-spy's "Process N:", ray stack's ps line; 0 if not shown
    bool oldest_first = false; // the tool lists the oldest thread first (py-spy 0.2+)
};

// The main thread of a dump: the one named MainThread; else the one the tool marks; else the
// one whose stack starts at a module's top level and not in a threading bootstrap; else the
// oldest with frames (a cut-off paste can leave a thread without any): listed last by
// faulthandler, pytest-timeout and old py-spy, first by py-spy 0.2+.
size_t main_thread_index(const HangDump& dump);

// That thread itself; the dump must have threads.
inline const DumpThread& main_thread_of(const HangDump& dump) {
    return dump.threads[main_thread_index(dump)];
}

} // namespace framescope
