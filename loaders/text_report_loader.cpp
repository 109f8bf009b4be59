#include "loaders/text_report_loader.h"

#include "core/file_bytes.h"
#include "core/text_encoding.h"
#include "loaders/crash_report.h"
#include "loaders/stall_trace_loader.h"

namespace framescope {
ReportBundle load_text_report(std::string_view bytes, const std::string& source, InputKind kind,
                              const CrashTextSink* sink) {
    // Decoded once here, so the parsers and everything after them see valid UTF-8 only.
    std::string decoded;
    const std::string_view text = text_as_utf8(bytes, decoded);
    // Crash text holds no stall trace to look for: a long file of crash reports is read once.
    if (kind == InputKind::hang_dump)
        if (Result<ReportBundle> trace = load_stall_trace(text, source);
            trace && !trace->samples.empty())
            return std::move(*trace);
    ReportBundle session;
    session.source = source;
    session.has_frame_timings = false;
    session.ending.inferred = true;
    if (sink) {
        if ((*sink)(text, source))
            session.ending.status = SessionStatus::crashed;
        return session;
    }
    for (CrashReport& report : parse_crash_reports(text)) {
        if (report.kind != CrashReport::Kind::unparsed)
            session.ending.status = SessionStatus::crashed;
        std::string report_text = report.text;
        session.crashes.push_back(
            {0, crash_kind_name(report.kind), "", "", std::move(report_text), {}});
        session.crashes.back().reports.push_back(std::move(report));
    }
    return session;
}

Result<ReportBundle> load_text_report_file(const std::string& path, InputKind kind,
                                           const CrashTextSink* sink) {
    auto bytes = read_file_bytes(path);
    if (!bytes)
        return bytes.error();
    return load_text_report(std::string_view(reinterpret_cast<const char*>(bytes->bytes().data()),
                                             bytes->bytes().size()),
                            path, kind, sink);
}

const char* text_report_kind(const ReportBundle& session) {
    return session.samples.empty() ? "crash-report" : "stall-trace";
}

} // namespace framescope
