#include "loaders/stall_trace_loader.h"

#include "loaders/hang_dumps.h"
#include "loaders/stack_deduplicator.h"

namespace framescope {
namespace {

// Where the main thread is, by function: PyPy's line numbers are approximate, so lines
// would split one stall into several.
bool same_place(const DumpThread& a, const DumpThread& b) {
    if (a.frames.size() != b.frames.size())
        return false;
    for (size_t i = 0; i < a.frames.size(); ++i)
        if (a.frames[i].function != b.frames[i].function || a.frames[i].file != b.frames[i].file)
            return false;
    return true;
}

bool looks_like_pypy(const HangDump& dump) {
    for (const DumpThread& thread : dump.threads) {
        if (thread.approximate_lines)
            return true;
        for (const DumpFrame& frame : thread.frames)
            if (frame.file.starts_with("<builtin>/"))
                return true;
    }
    return false;
}

void add_sample(ReportBundle& bundle, StackDeduplicator& stacks, const HangDump& dump, size_t main,
                uint32_t stall, double time_s, double lag_s) {
    StackSample sample;
    sample.time_s = time_s;
    sample.frame_index = stall;
    sample.lag_s = lag_s;
    sample.first_thread = static_cast<uint32_t>(bundle.threads.size());
    // The main thread first, as the recorder writes them.
    std::vector<size_t> order{main};
    for (size_t i = 0; i < dump.threads.size(); ++i)
        if (i != main)
            order.push_back(i);
    for (size_t i : order) {
        const DumpThread& source = dump.threads[i];
        ThreadStack thread;
        thread.thread_id = source.id;
        thread.name =
            bundle.strings.intern(i == main && source.name.empty() ? "MainThread" : source.name);
        thread.is_main = i == main;
        thread.first_frame = static_cast<uint32_t>(bundle.stack_frames.size());
        for (const DumpFrame& frame : source.frames)
            bundle.stack_frames.push_back({bundle.strings.intern(frame.file), frame.line,
                                           bundle.strings.intern(frame.function)});
        thread.frame_count = static_cast<uint32_t>(source.frames.size());
        thread.first_frame = stacks.settle(thread.first_frame);
        sample.during_gc |= i == main && source.collecting_garbage;
        bundle.approximate_lines |= source.approximate_lines;
        bundle.threads.push_back(thread);
    }
    sample.thread_count = static_cast<uint32_t>(order.size());
    bundle.samples.push_back(sample);
}

} // namespace

Result<ReportBundle> load_stall_trace(std::string_view text, const std::string& source) {
    auto dumps = parse_hang_dumps(text, source);
    if (!dumps)
        return dumps.error();
    ReportBundle bundle;
    bundle.source = source;
    bundle.has_frame_timings = false;
    bundle.ending.status = SessionStatus::unknown;
    bundle.ending.inferred = true;

    double interval_s = 0;
    for (const HangDump& dump : *dumps)
        if (dump.kind == HangDump::Kind::timeout && interval_s == 0)
            interval_s = dump.timeout_s;
    bundle.session.stall_ms = interval_s * 1000.0;

    StackDeduplicator stacks(bundle);
    const DumpThread* previous_main = nullptr;
    uint32_t stall = 0;
    double lag_s = 0, time_s = 0;
    for (const HangDump& dump : *dumps) {
        if (looks_like_pypy(dump))
            bundle.session.interpreter = "pypy";
        if (dump.kind == HangDump::Kind::fatal) {
            bundle.ending.status = SessionStatus::crashed;
            continue;
        }
        if (dump.threads.empty())
            continue;
        size_t main = main_thread_index(dump);
        const DumpThread& main_thread = dump.threads[main];
        double step = dump.kind == HangDump::Kind::timeout ? dump.timeout_s : interval_s;
        if (previous_main && same_place(*previous_main, main_thread)) {
            lag_s += step;
        } else {
            if (previous_main)
                ++stall;
            lag_s = step;
        }
        time_s += step;
        previous_main = &main_thread;
        add_sample(bundle, stacks, dump, main, stall, time_s, lag_s);
    }
    if (bundle.session.interpreter.empty())
        bundle.session.interpreter = "cpython";
    if (bundle.ending.status == SessionStatus::crashed && !bundle.samples.empty()) {
        bundle.fatal_error = std::string(text); // the crash report is the whole text
        bundle.fatal_reports = parse_crash_reports(bundle.fatal_error);
    }
    return bundle;
}

} // namespace framescope
