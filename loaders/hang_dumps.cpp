#include "loaders/hang_dumps.h"

#include <algorithm>

#include "loaders/faulthandler_dump.h"
#include "loaders/gdb_py_bt.h"
#include "loaders/pyspy_dump.h"
#include "loaders/pytest_timeout_dump.h"
#include "loaders/text_lines.h"
#include "loaders/traceback_thread_dump.h"

namespace framescope {
namespace {

size_t frame_count(const HangDump& dump) {
    size_t count = 0;
    for (const DumpThread& thread : dump.threads)
        count += thread.frames.size();
    return count;
}

} // namespace

Result<std::vector<HangDump>> parse_hang_dumps(std::string_view text, const std::string& file) {
    std::vector<TextLine> lines = pasted_lines(text);
    std::vector<HangDump> dumps;
    for (auto* reader : {read_faulthandler_dumps, read_pyspy_dumps, read_pytest_timeout_dumps,
                         read_gdb_dumps, read_traceback_thread_dumps})
        for (HangDump& dump : reader(lines))
            dumps.push_back(std::move(dump));
    std::stable_sort(dumps.begin(), dumps.end(), [](const HangDump& a, const HangDump& b) {
        return a.first_line < b.first_line;
    });
    // Two readers can take the same header ("Thread 0x... (most recent call first):" over
    // traceback-style frames): the one that read frames under it keeps it.
    std::vector<HangDump> kept;
    for (HangDump& dump : dumps) {
        // A header alone ("Process 12: ...", "# Thread pool ready") is too weak a sign to
        // make a file a stall trace; faulthandler's own dumps are kept as they always were.
        if (dump.form != HangDump::Form::faulthandler && frame_count(dump) == 0)
            continue;
        if (!kept.empty() && kept.back().first_line == dump.first_line) {
            if (frame_count(dump) > frame_count(kept.back()))
                kept.back() = std::move(dump);
            continue;
        }
        kept.push_back(std::move(dump));
    }
    if (kept.empty())
        return Error::at_line(file, 1,
                              "no hang dump found (no faulthandler, py-spy, pytest-timeout, gdb "
                              "py-bt or thread traceback dump)");
    return kept;
}

} // namespace framescope
