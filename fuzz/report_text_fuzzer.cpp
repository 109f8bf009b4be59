// Fuzz target for the readers of text people send: crash reports (tracebacks, fatal dumps),
// faulthandler stall traces, and a bundle's JSON Lines. The input is read three ways: as a
// crash report file, as a stall trace, and as a bundle's samples.jsonl beside a valid
// session.json. Besides crashes and sanitizer reports, it aborts when what the readers
// return breaks what the store and the views rely on.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "loaders/bundle_loader.h"
#include "loaders/crash_report.h"
#include "loaders/text_report_loader.h"

namespace framescope {
namespace {

void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

void check_stacks(const ReportBundle& bundle) {
    for (const StackSample& sample : bundle.samples)
        require(sample.first_thread + sample.thread_count <= bundle.threads.size(),
                "a sample's threads exist");
    for (const ThreadStack& thread : bundle.threads)
        require(thread.first_frame + thread.frame_count <= bundle.stack_frames.size(),
                "a thread's frames exist");
    for (const StackFrame& frame : bundle.stack_frames)
        require(frame.file < bundle.strings.size() && frame.function < bundle.strings.size(),
                "names exist");
}

} // namespace
} // namespace framescope

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace framescope;
    std::string_view text(reinterpret_cast<const char*>(data), size);

    size_t lines = 0;
    for (const CrashReport& report : parse_crash_reports(text)) {
        require(report.first_line >= 1, "a report starts at a line");
        lines += report.first_line > 0;
        if (report.kind == CrashReport::Kind::traceback)
            require(!report.chain.empty() && !report.chain.back().type.empty(),
                    "a traceback has its exception");
    }
    require(lines > 0 || text.find_first_not_of(" \t\r\n") == std::string_view::npos,
            "text is never dropped: it is a report or kept unparsed");

    ReportBundle session = load_text_report(text, "input.txt", text_kind(text));
    check_stacks(session);

    BundleFiles files{"bundle", {}};
    files.members["session.json"] = std::string(
        R"({"format": "framescope-bundle", "format_version": 1, "frame_budget_ms": 16.7, "stall_ms": 100})");
    files.members["samples.jsonl"] = std::string(text);
    files.members["frames.jsonl"] = std::string(text);
    Result<ReportBundle> bundle = load_bundle(files);
    if (bundle) {
        check_stacks(*bundle);
        require(bundle->frames.start_us.size() == bundle->frames.duration_us.size(),
                "frame arrays agree");
    } else {
        require(!bundle.error().message.empty(), "an error says what went wrong");
        require(bundle.error().line == 0 || bundle.error().line <= size + 1,
                "an error's line is in the input");
    }
    return 0;
}
