// A line-by-line reader: a traceback starts at its header (wherever on the line), its frames
// and code lines follow, and its exception line ends it; chain markers continue the same
// report. Lines are first unquoted, stripped of the prefix the header had (a log line's
// timestamp) and of exception-group drawing. A faulthandler fatal dump is handed to the
// faulthandler reader.

#include "loaders/crash_report.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "loaders/faulthandler_dump.h"

namespace framescope {
namespace {

constexpr std::string_view kTracebackHeader = "Traceback (most recent call last):";
constexpr size_t kMaxMessageLines = 20;

std::string_view trim(std::string_view text) {
    size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos)
        return {};
    return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

// "> > text" as mail and issue trackers quote it.
std::string_view unquote(std::string_view line) {
    while (true) {
        size_t at = line.find_first_not_of(' ');
        if (at == std::string_view::npos || line[at] != '>')
            return line;
        line.remove_prefix(at + 1);
        if (!line.empty() && line[0] == ' ')
            line.remove_prefix(1);
    }
}

// Exception groups draw their tree with "| " margins and "+-+---- 1 ----" separators.
std::string_view strip_group_margin(std::string_view line) {
    while (true) {
        size_t at = line.find_first_not_of(' ');
        if (at == std::string_view::npos || line[at] != '|')
            return line;
        line.remove_prefix(at + 1);
        if (!line.empty() && line[0] == ' ')
            line.remove_prefix(1);
    }
}

bool is_group_separator(std::string_view line) {
    line = trim(line);
    return line.size() > 4 && line[0] == '+' && line.find("----") != std::string_view::npos &&
           line.find_first_not_of("+-0123456789. ") == std::string_view::npos;
}

// "SomeError: message" or "pkg.mod.SomeError" alone: a dotted name with a capital or a dot
// (so that a code line such as "raise" is not one), then nothing or ": message".
bool parse_exception_line(std::string_view line, CrashException& exception) {
    line = trim(line);
    size_t end = 0;
    bool capital_or_dot = false;
    while (end < line.size() &&
           (std::isalnum(uint8_t(line[end])) || line[end] == '_' || line[end] == '.')) {
        capital_or_dot |= std::isupper(uint8_t(line[end])) || line[end] == '.';
        ++end;
    }
    if (end == 0 || !capital_or_dot || std::isdigit(uint8_t(line[0])) || line[0] == '.')
        return false;
    if (end < line.size() &&
        !(line[end] == ':' && (end + 1 == line.size() || line[end + 1] == ' ')))
        return false;
    exception.type = std::string(line.substr(0, end));
    exception.message = end < line.size() ? std::string(trim(line.substr(end + 1))) : std::string();
    return true;
}

// 'File "path", line 12, in function' (a SyntaxError's location has no ", in").
bool parse_frame_line(std::string_view line, CrashFrame& frame) {
    line = trim(line);
    if (!line.starts_with("File \""))
        return false;
    size_t file_end = line.find("\", line ");
    if (file_end == std::string_view::npos)
        return false;
    frame = CrashFrame{std::string(line.substr(6, file_end - 6)), 0, {}, 0};
    std::string_view rest = line.substr(file_end + 8);
    auto [ptr, error] = std::from_chars(rest.data(), rest.data() + rest.size(), frame.line);
    if (error != std::errc())
        return false;
    rest.remove_prefix(size_t(ptr - rest.data()));
    if (rest.starts_with(", in "))
        frame.function = std::string(trim(rest.substr(5)));
    else if (!trim(rest).empty())
        return false;
    return true;
}

bool is_caret_line(std::string_view line) {
    line = trim(line);
    return !line.empty() && line.find_first_not_of("^~ ") == std::string_view::npos;
}

// "[Previous line repeated 996 more times]"
bool parse_repeat_line(std::string_view line, uint32_t& times) {
    line = trim(line);
    constexpr std::string_view kStart = "[Previous line repeated ";
    if (!line.starts_with(kStart))
        return false;
    line.remove_prefix(kStart.size());
    return std::from_chars(line.data(), line.data() + line.size(), times).ec == std::errc();
}

// "2026-11-20 ..." : a log line after the traceback, not more of its message.
bool starts_with_date(std::string_view line) {
    return line.size() > 10 && std::isdigit(uint8_t(line[0])) && std::isdigit(uint8_t(line[3])) &&
           line[4] == '-' && std::isdigit(uint8_t(line[5])) && line[7] == '-';
}

bool is_chain_marker(std::string_view line) {
    line = trim(line);
    return line == "During handling of the above exception, another exception occurred:" ||
           line == "The above exception was the direct cause of the following exception:";
}

// Lines that may follow "Fatal Python error: ..." inside a faulthandler dump.
bool continues_fatal_dump(std::string_view line) {
    line = trim(line);
    return line.empty() || line.starts_with("File \"") || line.starts_with("File ???") ||
           line.find("(most recent call first") != std::string_view::npos ||
           line.starts_with("Python runtime state") || line.starts_with("Extension modules:") ||
           line == "..." || line == "<no Python frame>" || line == "Garbage-collecting" ||
           line.starts_with("Current thread's C stack") || line.starts_with("Binary file") ||
           line.find("Fatal Python error") != std::string_view::npos;
}

class ReportReader {
  public:
    explicit ReportReader(std::string_view text) {
        size_t begin = 0;
        while (begin < text.size()) {
            size_t end = text.find('\n', begin);
            if (end == std::string_view::npos)
                end = text.size();
            raw_.push_back(text.substr(begin, end - begin));
            begin = end + 1;
        }
    }

    std::vector<CrashReport> read() {
        for (size_t i = 0; i < raw_.size();) {
            std::string_view line = unquote(raw_[i]);
            if (line.find(kTracebackHeader) != std::string_view::npos)
                i = read_traceback(i);
            else if (line.find("Fatal Python error: ") != std::string_view::npos)
                i = read_fatal(i);
            else if (starts_syntax_error(i))
                i = read_syntax_error(i);
            else
                ++i;
        }
        return std::move(reports_);
    }

  private:
    std::vector<std::string_view> raw_;
    std::vector<CrashReport> reports_;

    std::string text_of(size_t first, size_t end) const {
        std::string text;
        for (size_t i = first; i < end; ++i)
            text.append(raw_[i]).push_back('\n');
        return text;
    }

    // A traceback and the exceptions chained to it; returns the line after it.
    size_t read_traceback(size_t first) {
        CrashReport report;
        report.kind = CrashReport::Kind::traceback;
        report.first_line = uint32_t(first + 1);
        size_t i = first;
        while (i < raw_.size()) {
            std::string_view header = unquote(raw_[i]);
            size_t at = header.find(kTracebackHeader);
            if (at == std::string_view::npos)
                break;
            // Whatever stood before the header on its line (a log line's timestamp, a group's
            // "+ Exception Group") is the prefix its other lines may carry too.
            std::string_view prefix = header.substr(0, at);
            if (prefix.find("Exception Group") != std::string_view::npos)
                prefix = {};
            report.chain.emplace_back();
            i = read_exception(i + 1, prefix, report);
            // Chained exceptions: a marker, then the next traceback.
            size_t next = i;
            while (next < raw_.size() && trim(body_line(next, prefix)).empty())
                ++next;
            if (next < raw_.size() && is_chain_marker(body_line(next, prefix))) {
                ++next;
                while (next < raw_.size() && trim(body_line(next, prefix)).empty())
                    ++next;
                i = next;
                continue;
            }
            break;
        }
        if (report.chain.back().type.empty())
            report.kind = CrashReport::Kind::unparsed; // cut off before its exception line
        report.text = text_of(first, i);
        reports_.push_back(std::move(report));
        return std::max(i, first + 1);
    }

    std::string_view body_line(size_t i, std::string_view prefix) const {
        std::string_view line = unquote(raw_[i]);
        if (!prefix.empty()) {
            if (line.starts_with(prefix))
                line.remove_prefix(prefix.size());
            else if (line.size() > prefix.size() &&
                     trim(line.substr(prefix.size())).starts_with("File \"") &&
                     !trim(line).starts_with("File \""))
                line.remove_prefix(prefix.size()); // a prefix of the same width (a later timestamp)
        }
        return strip_group_margin(line);
    }

    // The frames and exception line of one traceback; returns the line after it.
    size_t read_exception(size_t i, std::string_view prefix, CrashReport& report) {
        bool after_frame = false;
        while (i < raw_.size()) {
            std::string_view line = body_line(i, prefix);
            CrashFrame frame;
            uint32_t repeated = 0;
            if (parse_frame_line(line, frame)) {
                report.chain.back().frames.push_back(std::move(frame));
                after_frame = true;
            } else if (parse_repeat_line(line, repeated)) {
                if (!report.chain.back().frames.empty())
                    report.chain.back().frames.back().repeated = repeated;
            } else if (is_caret_line(line) || is_group_separator(line)) {
            } else if (line.find(kTracebackHeader) != std::string_view::npos) {
                return i; // a new traceback: this one was cut off
            } else if (parse_exception_line(line, report.chain.back())) {
                return read_message_continuation(i + 1, prefix, report.chain.back());
            } else if (after_frame && !trim(line).empty()) {
                after_frame = false; // the frame's code line
            } else if (trim(line).empty() && report.chain.back().frames.empty()) {
            } else if (!after_frame) {
                return i; // neither frame nor exception: the traceback ended unread
            }
            ++i;
        }
        return i;
    }

    // Lines after "SomeError: first line" that belong to its message.
    size_t read_message_continuation(size_t i, std::string_view prefix, CrashException& exception) {
        for (size_t lines = 0; i < raw_.size() && lines < kMaxMessageLines; ++i, ++lines) {
            std::string_view line = body_line(i, prefix);
            if (trim(line).empty() || is_chain_marker(line) || is_group_separator(line) ||
                line.find(kTracebackHeader) != std::string_view::npos ||
                line.find("Fatal Python error") != std::string_view::npos || starts_with_date(line))
                break;
            exception.message += "\n";
            exception.message += trim(line);
        }
        return i;
    }

    // A script that does not compile: 'File "x.py", line 3' with no traceback header, its
    // code and caret, then "SyntaxError: ..." (or IndentationError, TabError).
    bool starts_syntax_error(size_t i) const {
        CrashFrame frame;
        if (!parse_frame_line(unquote(raw_[i]), frame) || !frame.function.empty())
            return false;
        for (size_t next = i + 1; next < raw_.size() && next <= i + 4; ++next) {
            CrashException exception;
            if (parse_exception_line(unquote(raw_[next]), exception))
                return exception.type.ends_with("Error");
        }
        return false;
    }

    size_t read_syntax_error(size_t first) {
        CrashReport report;
        report.kind = CrashReport::Kind::traceback;
        report.first_line = uint32_t(first + 1);
        report.chain.emplace_back();
        size_t end = read_exception(first, {}, report);
        if (report.chain.back().type.empty())
            report.kind = CrashReport::Kind::unparsed; // the exception line never came
        report.text = text_of(first, end);
        reports_.push_back(std::move(report));
        return std::max(end, first + 1);
    }

    size_t read_fatal(size_t first) {
        size_t end = first + 1;
        while (end < raw_.size() && continues_fatal_dump(unquote(raw_[end])))
            ++end;
        std::string text = text_of(first, end);
        CrashReport report;
        report.kind = CrashReport::Kind::fatal;
        report.first_line = uint32_t(first + 1);
        auto dumps = parse_faulthandler_text(text, "");
        if (dumps && !dumps->empty()) {
            const FaulthandlerDump& dump = dumps->front();
            report.fatal_message = dump.fatal_message;
            // The thread that crashed is the current one; else the main thread.
            const DumpThread* crashed = nullptr;
            for (const DumpThread& thread : dump.threads)
                if (thread.current)
                    crashed = &thread;
            if (!crashed && !dump.threads.empty())
                crashed = &dump.threads[main_thread_index(dump)];
            if (crashed)
                for (auto frame = crashed->frames.rbegin(); frame != crashed->frames.rend();
                     ++frame)
                    report.fatal_frames.push_back({frame->file, frame->line, frame->function, 0});
        }
        report.text = std::move(text);
        reports_.push_back(std::move(report));
        return end;
    }
};

} // namespace

std::vector<CrashReport> parse_crash_reports(std::string_view text) {
    std::vector<CrashReport> reports = ReportReader(text).read();
    if (reports.empty() && !trim(text).empty()) {
        CrashReport unparsed;
        unparsed.first_line = 1;
        unparsed.text = std::string(text);
        reports.push_back(std::move(unparsed));
    }
    return reports;
}

} // namespace framescope
