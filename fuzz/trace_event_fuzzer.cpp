// Fuzz target for the Trace Event JSON reader (viztracer, PyTorch's profiler). Besides crashes
// and sanitizer reports, it aborts when what the reader returns breaks what the model relies
// on (see profile_data_checks.h), or when a call does not lie inside its caller on its thread.

#include <string_view>
#include <vector>

#include "fuzz/profile_data_checks.h"
#include "loaders/trace_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace framescope;
    fuzz_profile_format(ProfileFormat::trace_event, data, size);
    Result<TraceEvents> events =
        parse_trace_events(std::string_view(reinterpret_cast<const char*>(data), size), "input");
    if (!events)
        return 0;
    std::vector<const TraceCall*> open; // by depth, on the current thread
    for (size_t i = 0; i < events->calls.size(); ++i) {
        const TraceCall& call = events->calls[i];
        require(call.thread < events->threads.size(), "a call's thread exists");
        require(call.begin_ns <= call.end_ns, "a call ends after it begins");
        if (i > 0 && call.thread != events->calls[i - 1].thread)
            open.clear();
        require(call.depth <= open.size(), "a call's caller came before it");
        open.resize(call.depth);
        if (call.depth > 0)
            require(open.back()->begin_ns <= call.begin_ns && call.end_ns <= open.back()->end_ns,
                    "a call lies inside its caller");
        open.push_back(&call);
    }
    for (int64_t ns : trace_self_ns(*events))
        require(ns >= 0, "own time is never negative");
    return 0;
}
