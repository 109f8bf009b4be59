#include "loaders/text_report_loader.h"

#include <vector>

#include "core/file_bytes.h"
#include "core/text_encoding.h"
#include "loaders/crash_report.h"
#include "loaders/stall_trace_loader.h"

namespace framescope {
namespace {

constexpr size_t kMaxLogLines = 50; // what a bundle's log tail holds, about

bool digits(std::string_view text, size_t at, size_t n) {
    if (text.size() < at + n)
        return false;
    for (size_t i = at; i < at + n; ++i)
        if (text[i] < '0' || text[i] > '9')
            return false;
    return true;
}

// A line a logger wrote: it starts (perhaps after '[') with a date "2026-11-20" or a time
// "10:00:00", as the logging module's and most loggers' formats do.
bool logged(std::string_view line) {
    if (line.starts_with("["))
        line.remove_prefix(1);
    bool date = line.size() >= 10 && digits(line, 0, 4) && line[4] == '-' && digits(line, 5, 2) &&
                line[7] == '-';
    bool time = line.size() >= 8 && digits(line, 0, 2) && line[2] == ':' && digits(line, 3, 2) &&
                line[5] == ':';
    return date || time;
}

// The log lines before the file's last report (what led to it, as a session's log tail
// does): the last kMaxLogLines of them, oldest first.
std::string log_lines_before(std::string_view text, uint32_t line_number) {
    std::vector<std::string_view> lines;
    size_t begin = 0;
    for (uint32_t number = 1; number < line_number && begin < text.size(); ++number) {
        size_t end = text.find('\n', begin);
        std::string_view line =
            text.substr(begin, end == std::string_view::npos ? end : end - begin);
        if (logged(line))
            lines.push_back(line);
        begin = end == std::string_view::npos ? text.size() : end + 1;
    }
    std::string tail;
    for (size_t i = lines.size() > kMaxLogLines ? lines.size() - kMaxLogLines : 0; i < lines.size();
         ++i)
        tail.append(lines[i]).append("\n");
    return tail;
}

} // namespace

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
    if (!session.crashes.empty() &&
        session.crashes.back().reports.back().kind != CrashReport::Kind::unparsed)
        session.log_tail = log_lines_before(text, session.crashes.back().reports.back().first_line);
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
