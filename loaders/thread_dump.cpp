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
    if (dump.threads.empty() || dump.oldest_first)
        return 0;
    return dump.threads.size() - 1;
}

} // namespace framescope
