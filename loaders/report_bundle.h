// A report bundle in memory: one session of an application as the recorder wrote it
// (recorder/BUNDLE-FORMAT.md). Stack frames are stored once in flat arrays; a sample's
// threads and a thread's frames are ranges into them, so thousands of samples cost a few
// allocations.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/string_pool.h"
#include "loaders/crash_report.h"
#include "loaders/profile_data.h"

namespace framescope {

struct SessionInfo {
    int format_version = 0;
    std::string app;
    std::string version;
    std::string platform;       // platform.platform()
    std::string interpreter;    // "cpython", "pypy"
    std::string python_version; // "3.11.2"
    std::string start;          // ISO 8601, UTC
    double start_unix = 0;
    int64_t pid = 0;
    double frame_budget_ms = 0;
    double slow_frame_ms = 0; // frames this long were sampled
    double stall_ms = 0;      // frames this long are stalls
    double sample_interval_ms = 0;
};

enum class SessionStatus {
    unknown,  // the input does not say (a faulthandler stall trace)
    clean,    // the process said it ended normally
    crashed,  // uncaught exception on the main thread, or a fatal error
    abnormal, // killed, or hung and closed: the process could not say
};

const char* to_string(SessionStatus status);
SessionStatus session_status_named(std::string_view name); // to_string's inverse

struct SessionEnding {
    SessionStatus status = SessionStatus::abnormal;
    bool hung = false;            // a stall was in progress when it ended
    bool inferred = false;        // no end.json: worked out from what the bundle holds
    double end_unix = 0;          // 0 if unknown
    uint64_t crashes_dropped = 0; // crash records the recorder left out past its limit
};

// Every frame of the session, in order. Times are microseconds since the session started.
struct FrameTimings {
    std::vector<uint64_t> start_us;
    std::vector<uint32_t> duration_us;
    size_t size() const { return duration_us.size(); }
};

struct StackFrame {
    StringId file;
    uint32_t line;
    StringId function;
};

struct ThreadStack {
    uint64_t thread_id = 0;
    StringId name = 0;
    bool is_main = false;
    uint32_t first_frame = 0; // into ReportBundle::stack_frames, innermost first
    uint32_t frame_count = 0;
};

// All threads' stacks, taken once while a frame ran late.
struct StackSample {
    double time_s = 0;         // since the session started
    uint32_t frame_index = 0;  // the frame that was running; in a stall trace, the stall
    double lag_s = 0;          // how long that frame (or stall) had been running
    bool during_gc = false;    // the collector was running
    uint32_t first_thread = 0; // into ReportBundle::threads; the main thread comes first
    uint32_t thread_count = 0;
};

struct GcEvent {
    double time_s = 0; // start, since the session started
    int generation = 0;
    double duration_ms = 0;
    int64_t collected = -1; // -1 where the interpreter does not say (PyPy)
};

struct CrashRecord {
    double time_s = 0;
    std::string kind;   // "exception" (main thread, uncaught), "excepthook" (called by a
                        // toolkit that carried on), "thread_exception", "reported",
                        // "unraisable", "tkinter_callback", "asyncio", "printed" (a traceback
                        // in stderr.txt with no heading) (BUNDLE-FORMAT.md)
    std::string thread; // the thread's name
    std::string file;   // the member holding the text, e.g. "crash-1.txt", "stderr.txt"
    std::string text;   // traceback text, as Python prints it
    std::vector<CrashReport> reports; // the text read once, where it was loaded
};

struct ReportBundle {
    std::string source;             // the folder, archive or text file, as given
    bool has_frame_timings = true;  // false for stall traces: samples only, frames unknown
    bool approximate_lines = false; // PyPy's faulthandler: a function's first line, not the line
    SessionInfo session;
    SessionEnding ending;
    FrameTimings frames;
    std::vector<StackSample> samples;
    std::vector<ThreadStack> threads;
    std::vector<StackFrame> stack_frames;
    StringPool strings; // file names, function names, thread names
    std::vector<GcEvent> gc_events;
    std::vector<CrashRecord> crashes;
    std::string fatal_error; // faulthandler's text after a fatal error; empty if none
    std::vector<CrashReport> fatal_reports; // fatal_error read once, where it was loaded
    std::string log_tail;                   // the last log lines, oldest first
    std::string profile_pstats;             // the session's cProfile output; empty if none
    std::vector<std::string> notes; // what was tolerated, e.g. a last line cut off by a crash
    // A trace read as a session (model/trace_session): every call as it happened, and the
    // call of the per-frame function that each frame is; empty for the recorder's sessions.
    std::shared_ptr<const ProfileData> trace;
    std::vector<uint32_t> frame_calls; // by frame, into trace->calls
};

} // namespace framescope
