#include "loaders/thread_dump.h"

namespace framescope {
namespace {

bool runs_threading_bootstrap(const DumpThread& thread) {
    for (const DumpFrame& frame : thread.frames)
        if ((frame.function == "_bootstrap" || frame.function == "_bootstrap_inner") &&
            frame.file.ends_with("threading.py"))
            return true;
    return false;
}

bool runs_module_top_level(const DumpThread& thread) {
    for (const DumpFrame& frame : thread.frames)
        if (frame.function == "<module>")
            return true;
    return false;
}

} // namespace

size_t main_thread_index(const HangDump& dump) {
    for (size_t i = 0; i < dump.threads.size(); ++i)
        if (dump.threads[i].name == "MainThread")
            return i;
    for (size_t i = 0; i < dump.threads.size(); ++i)
        if (dump.threads[i].said_main)
            return i;
    for (size_t i = 0; i < dump.threads.size(); ++i)
        if (runs_module_top_level(dump.threads[i]) && !runs_threading_bootstrap(dump.threads[i]))
            return i;
    // The oldest thread, passing over threads a cut-off paste left without frames.
    if (dump.threads.empty())
        return 0;
    for (size_t n = 0; n < dump.threads.size(); ++n) {
        size_t i = dump.oldest_first ? n : dump.threads.size() - 1 - n;
        if (!dump.threads[i].frames.empty())
            return i;
    }
    return dump.oldest_first ? 0 : dump.threads.size() - 1;
}

} // namespace framescope
