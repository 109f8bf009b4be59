#include "loaders/printed_crashes.h"

#include "loaders/text_lines.h"
#include "loaders/traceback_frames.h"

namespace framescope {
namespace {

// A heading above a traceback may be this far above it (asyncio's, see kTracebackHeadings).
constexpr size_t kMaxHeadingLines = 4;

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    for (size_t begin = 0; begin < text.size();) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos)
            end = text.size();
        lines.push_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    return lines;
}

size_t line_count(std::string_view text) {
    size_t count = 0;
    for (char c : text)
        count += c == '\n';
    return count + (!text.empty() && text.back() != '\n');
}

// "Exception in thread AssetWorker:" -> "AssetWorker"
std::string thread_named_in(std::string_view line) {
    constexpr std::string_view kStart = "Exception in thread ";
    std::string_view name = line.substr(line.find(kStart) + kStart.size());
    if (name.ends_with(':'))
        name.remove_suffix(1);
    return std::string(trim(name));
}

} // namespace

std::vector<CrashRecord> printed_crashes(std::string_view text, const std::string& member,
                                         std::span<const PrintedTime> times) {
    std::vector<std::string_view> lines = lines_of(text);
    std::vector<CrashRecord> crashes;
    size_t free_from = 0; // 0-based: lines before it belong to an earlier report
    for (CrashReport& report : parse_crash_reports(text)) {
        if (report.kind != CrashReport::Kind::traceback || report.first_line == 0 ||
            report.first_line > lines.size())
            continue;
        size_t first = report.first_line - 1;
        CrashRecord crash;
        crash.kind = "printed";
        crash.file = member;
        size_t heading_at = first;
        for (size_t back = 1; back <= kMaxHeadingLines && first >= free_from + back; ++back) {
            const TracebackHeading* heading = traceback_heading(lines[first - back]);
            if (heading && back <= heading->lines_above) {
                crash.kind = std::string(heading->kind);
                heading_at = first - back;
                if (heading->kind == "thread_exception")
                    crash.thread = thread_named_in(lines[heading_at]);
                break;
            }
        }
        for (size_t i = heading_at; i < first; ++i)
            crash.text += std::string(lines[i]) + "\n";
        crash.text += report.text;
        free_from = first + line_count(report.text);
        uint64_t begin = uint64_t(lines[heading_at].data() - text.data());
        uint64_t end = free_from < lines.size() ? uint64_t(lines[free_from].data() - text.data())
                                                : text.size();
        for (const PrintedTime& time : times)
            if (time.offset >= begin && time.offset < end) {
                crash.time_s = time.time_s;
                break;
            }
        crash.reports = parse_crash_reports(crash.text); // lines counted from its own text
        crashes.push_back(std::move(crash));
    }
    return crashes;
}

} // namespace framescope
