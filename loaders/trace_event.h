// Reads Chrome's Trace Event JSON (viztracer, PyTorch's profiler / Kineto, other tracers):
// an object with "traceEvents" or a bare array of events. Complete events ("ph": "X", with
// "ts" and "dur") and "B"/"E" pairs on the same (pid, tid) are calls; "M" metadata names the
// threads and processes; every other phase (instants, counters, flows) is left out.
// Timestamps are microseconds, read exactly to whole nanoseconds (half-even), as Perfetto
// does. Each thread's nesting is rebuilt from the intervals: a call is a child of the
// innermost call that contains it entirely; one that starts inside it but ends after it is
// not properly nested, so it is dropped and counted. A name in viztracer's form
// "func (file.py:12)" gives the function, its file and its line.
//
// The events are read with simdjson's On Demand parser, one event at a time: no tree of the
// whole document is built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/file_bytes.h"
#include "core/load_progress.h"
#include "core/string_pool.h"
#include "loaders/profile_data.h"

namespace framescope {

struct TraceThread {
    std::string pid, tid; // as the file writes them
    std::string name;     // from "thread_name" metadata; empty if none
    std::string process;  // from "process_name" metadata; empty if none
};

// One call, from its begin to its end, at its depth on its thread (0 for a root).
struct TraceCall {
    StringId function = 0;
    StringId file = 0; // empty where the name holds none (a C function, a torch operator)
    uint32_t line = 0;
    uint32_t thread = 0; // into TraceEvents::threads
    uint32_t depth = 0;
    int64_t begin_ns = 0;
    int64_t end_ns = 0;
    int64_t duration_ns() const { return end_ns - begin_ns; }
};

struct TraceEvents {
    StringPool strings;
    std::vector<TraceThread> threads;
    // Thread by thread; on each, in order of begin (a caller before its callees), so the
    // calls under a call follow it until the next call of its depth or less.
    std::vector<TraceCall> calls;
    uint64_t dropped_unnested = 0;    // not properly nested on their thread
    uint64_t unmatched_begin_end = 0; // a "B" with no "E", or an "E" with no "B"
};

// Self time of every call: its duration minus its direct callees'.
std::vector<int64_t> trace_self_ns(const TraceEvents& events);

// `name` names the input in errors; `progress`, if given, counts bytes and can cancel.
// `mapped`, if given, is the file `bytes` lie in, let go of as it is read.
Result<TraceEvents> parse_trace_events(std::string_view bytes, const std::string& name,
                                       LoadProgress* progress = nullptr,
                                       const FileBytes* mapped = nullptr);

// The reader profile_formats dispatches to: parse_trace_events, then trace_profile_data.
Result<ProfileData> read_trace_event(std::string_view text, const std::string& file,
                                     LoadProgress* progress = nullptr,
                                     const FileBytes* mapped = nullptr);

// The trace as every reader's ProfileData, in microseconds: each call an exact stack (its
// callers and itself) weighing its own time, and each call timed from the trace's first.
ProfileData trace_profile_data(const TraceEvents& events);

// "func (file.py:12)" -> {"func", "file.py", 12}; any other name is {name, "", 0}.
struct TracedName {
    std::string_view function, file;
    uint32_t line = 0;
};
TracedName split_traced_name(std::string_view name);

} // namespace framescope
