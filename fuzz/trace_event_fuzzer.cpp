// Fuzz target for the Trace Event JSON reader (viztracer, PyTorch's profiler). Besides crashes
// and sanitizer reports, it aborts when a trace read breaks what the views rely on: every call
// lies inside its caller on its own thread, and names and threads exist.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "loaders/trace_event.h"

namespace {

void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace framescope;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    Result<TraceEvents> events = parse_trace_events(bytes, "trace.json");
    if (!events) {
        require(!events.error().message.empty(), "an error says what went wrong");
        // Offsets count the text as UTF-8: bytes of a Windows code page may take three each.
        require(events.error().offset <= 3 * size + 64, "an error's offset is in the input");
        return 0;
    }
    std::vector<const TraceCall*> open; // by depth, on the current thread
    for (size_t i = 0; i < events->calls.size(); ++i) {
        const TraceCall& call = events->calls[i];
        require(call.thread < events->threads.size(), "a call's thread exists");
        require(call.function < events->strings.size() && call.file < events->strings.size(),
                "names exist");
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
    std::vector<int64_t> self = trace_self_ns(*events);
    for (int64_t ns : self)
        require(ns >= 0, "self time is never negative");
    return 0;
}
