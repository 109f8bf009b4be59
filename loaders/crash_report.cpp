// A line-by-line reader. First the paste is undone line by line: quoting, HTML and typographic
// quotes go, lines wrapped at 80 columns are joined, a traceback collapsed onto one line is
// cut into one line a frame. Then a traceback starts at its header (wherever on the line) or
// at a first frame without one; its frames, code lines and blank lines follow, and its
// exception line ends it; chain markers and a group's sub-exceptions continue the same
// report. Each line is stripped of the log prefix its first line had (the same shape, a
// later timestamp) and of exception-group drawing. A fatal-error dump goes to the
// faulthandler reader, with the native stack after it kept as text.

#include "loaders/crash_report.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <optional>

#include "loaders/crash_text_lines.h"
#include "loaders/faulthandler_dump.h"
#include "loaders/text_lines.h"
#include "loaders/traceback_frames.h"

namespace framescope {
namespace {

constexpr std::string_view kLooseHeader = "Traceback (most recent call last) :"; // retyped
constexpr size_t kMaxMessageLines = 20;
constexpr size_t kMaxCodeLines = 12; // source lines shown for one frame (3.13 shows several)
constexpr size_t kMaxBlankLines = 3; // blank lines between two lines of one traceback

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

// The exception line (see traceback_frames) into `exception`.
bool parse_exception_line(std::string_view line, CrashException& exception) {
    ExceptionLine read;
    if (!framescope::parse_exception_line(line, read))
        return false;
    exception.type.assign(read.type);
    exception.message.assign(read.message);
    return true;
}

// 'File "path", line 12, in function' (a SyntaxError's location has no ", in"), as pasted:
// the forms loaders/traceback_frames reads; `code` gets what followed the function's name.
bool parse_frame_line(std::string_view line, CrashFrame& frame, std::string_view* code = nullptr) {
    FrameLine read;
    if (!framescope::parse_frame_line(line, read) || read.native)
        return false;
    // Assigned in place: a reader's frames reuse the buffers of earlier reports' frames.
    frame.file.assign(read.file);
    frame.line = read.line;
    frame.function.assign(read.function);
    frame.repeated = 0;
    frame.text_line = 0;
    if (code)
        *code = read.code;
    return true;
}

bool is_caret_line(std::string_view line) {
    line = trim(line);
    return !line.empty() && std::all_of(line.begin(), line.end(),
                                        [](char c) { return c == '^' || c == '~' || c == ' '; });
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

// A native frame as crash reporters and debuggers print them: gdb's "#3  0x00007f.. in f ()
// from /lib/libc.so.6", Python 3.14's 'Binary file "python3", at f+0x1b', macOS's
// "3   libsystem_c.dylib   0x00007ff8 abort + 120", Windows' "ntdll.dll!RtlUserThreadStart".
std::optional<std::string> native_frame(std::string_view line) {
    line = trim(line);
    bool gdb = line.size() > 2 && line[0] == '#' && std::isdigit(uint8_t(line[1]));
    bool binary = line.starts_with("Binary file ");
    bool mac = line.size() > 4 && std::isdigit(uint8_t(line[0])) &&
               line.find(" 0x") != std::string_view::npos;
    bool windows = line.find(".dll!") != std::string_view::npos ||
                   line.find(".exe!") != std::string_view::npos ||
                   line.find(".pyd!") != std::string_view::npos;
    if (gdb || binary || mac || windows)
        return std::string(line);
    return std::nullopt;
}

// Lines that may follow "Fatal Python error: ..." inside a faulthandler dump.
bool continues_fatal_dump(std::string_view line) {
    line = trim(line);
    return line.empty() || line.starts_with("File \"") || line.starts_with("File ???") ||
           line.find("(most recent call first") != std::string_view::npos ||
           line.starts_with("Python runtime state") || line.starts_with("Extension modules:") ||
           line == "..." || line == "<no Python frame>" || line == "Garbage-collecting" ||
           line.starts_with("Current thread's C stack") || line.starts_with("Thread 0x") ||
           line.starts_with("Current thread 0x") ||
           line.starts_with("Stack (most recent call first") ||
           line.starts_with("<Cannot show all threads") ||
           line.find("Fatal Python error") != std::string_view::npos;
}

// Whether `line` starts with a log prefix like `prefix`: the same characters, digits for
// digits (a later timestamp of the same log), so that it can be stripped from every line.
bool starts_with_prefix(std::string_view line, std::string_view prefix) {
    if (prefix.empty() || line.size() < prefix.size())
        return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (line[i] != prefix[i] &&
            !(std::isdigit(uint8_t(line[i])) && std::isdigit(uint8_t(prefix[i]))))
            return false;
    return true;
}

std::string_view without_trailing_space(std::string_view text) {
    size_t end = text.find_last_not_of(" \t");
    return end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1);
}

class ReportReader {
  public:
    ReportReader(std::string_view text, uint32_t first_line_number)
        : lines_(text), line_offset_(first_line_number - 1) {}

    // Hands each report to `each` as soon as it is read; returns how many there were.
    size_t read(const std::function<void(CrashReport&&)>& each) {
        size_t count = 0;
        for (size_t i = 0; lines_.has(i);) {
            lines_.forget_before(i == 0 ? 0 : i - 1); // a fragment looks one line back
            std::string_view line = lines_[i];
            std::optional<CrashReport> report;
            if (line.find(kTracebackHeader) != std::string_view::npos ||
                line.find(kLooseHeader) != std::string_view::npos)
                i = read_report(i, true, {}, report);
            else if (fatal_error_header(line) != std::string_view::npos)
                i = read_fatal(i, report);
            else if (starts_syntax_error(i))
                i = read_syntax_error(i, report);
            else if (size_t at = fragment_start(i); at != std::string_view::npos)
                i = read_report(i, false, without_trailing_space(lines_[i].substr(0, at)), report);
            else
                ++i;
            if (report) {
                ++count;
                each(std::move(*report));
                spare_ = std::move(*report); // what `each` left of it, or handed back
            }
        }
        return count;
    }

  private:
    CrashTextLines lines_;
    size_t line_offset_; // lines of the whole text before the part read
    // What earlier reports were made of, reused for the next: strings and vectors keep their
    // buffers, so that a file of a hundred thousand reports allocates for the first few.
    // The bucketer hands back the report that a bucket's new latest replaced.
    CrashReport spare_;
    std::vector<CrashException> spare_exceptions_;
    std::vector<CrashFrame> spare_frames_;
    CrashFrame frame_; // the frame line being read

    CrashReport new_report(CrashReport::Kind kind, size_t first) {
        CrashReport report = std::move(spare_);
        spare_ = CrashReport();
        for (CrashException& exception : report.chain) {
            for (CrashFrame& frame : exception.frames)
                spare_frames_.push_back(std::move(frame));
            exception.frames.clear();
            spare_exceptions_.push_back(std::move(exception));
        }
        report.chain.clear();
        report.kind = kind;
        report.first_line = line_number(first);
        report.fatal_kind.clear();
        report.fatal_message.clear();
        report.fatal_frames.clear();
        report.native_frames.clear();
        report.text.clear();
        return report;
    }

    void add_exception(CrashReport& report) {
        if (spare_exceptions_.empty()) {
            report.chain.emplace_back();
            return;
        }
        CrashException& exception = report.chain.emplace_back(std::move(spare_exceptions_.back()));
        spare_exceptions_.pop_back();
        exception.type.clear();
        exception.message.clear();
    }

    CrashFrame spare_frame() {
        if (spare_frames_.empty())
            return {};
        CrashFrame frame = std::move(spare_frames_.back());
        spare_frames_.pop_back();
        return frame;
    }

    uint32_t line_number(size_t i) { return uint32_t(lines_.raw_line_of(i) + 1 + line_offset_); }

    // A traceback, with or without its header, and the exceptions chained to it or grouped
    // in it; returns the line after it.
    size_t read_report(size_t first, bool header, std::string_view prefix,
                       std::optional<CrashReport>& out) {
        CrashReport report = new_report(CrashReport::Kind::traceback, first);
        size_t i = first;
        add_exception(report);
        if (header) {
            // Whatever stood before the header on its line (a log line's timestamp, a group's
            // "+ Exception Group") is the prefix its other lines may carry too.
            std::string_view line = lines_[i];
            size_t at = std::min(line.find(kTracebackHeader), line.find(kLooseHeader));
            prefix = without_trailing_space(line.substr(0, at));
            if (prefix.find("Exception Group") != std::string_view::npos)
                prefix = {};
            ++i;
            prefix = prefix_of_frames(i, prefix);
        }
        while (true) {
            i = read_exception(i, prefix, report);
            // Chained exceptions (a marker) and a group's sub-exceptions (a "+-+---- 1 ----"
            // separator) continue the report with the next traceback.
            bool group = report.chain.back().type.ends_with("ExceptionGroup");
            size_t next = i;
            bool joined = false;
            while (lines_.has(next)) {
                std::string_view line = body_line(next, prefix);
                if (trim(line).empty() || (group && is_group_separator(line))) {
                    joined |= group && is_group_separator(line);
                    ++next;
                } else if (is_chain_marker(line)) {
                    joined = true;
                    ++next;
                } else {
                    break;
                }
            }
            if (!joined || !lines_.has(next) ||
                body_line(next, prefix).find(kTracebackHeader) == std::string_view::npos ||
                report.chain.back().type.empty())
                break;
            add_exception(report);
            i = next + 1;
        }
        if (report.chain.back().type.empty()) {
            if (!header)
                return std::max(i, first + 1);         // frames without an exception: not a report
            report.kind = CrashReport::Kind::unparsed; // cut off before its exception line
        }
        lines_.text_of(first, i, report.text);
        out = std::move(report);
        return std::max(i, first + 1);
    }

    // The part of a header's prefix that its frames carry: a log line's timestamp without
    // the logger's "ERROR:root:" that came before "Traceback" on the header's line only.
    std::string_view prefix_of_frames(size_t i, std::string_view prefix) {
        while (lines_.has(i) && trim(lines_[i]).empty())
            ++i;
        if (!lines_.has(i) || starts_with_prefix(lines_[i], prefix))
            return prefix;
        std::string_view line = lines_[i];
        size_t at = line.find("File \"");
        if (at == std::string_view::npos)
            return prefix;
        std::string_view carried = without_trailing_space(line.substr(0, at));
        return !carried.empty() && starts_with_prefix(prefix, carried) ? carried : prefix;
    }

    std::string_view body_line(size_t i, std::string_view prefix) {
        std::string_view line = lines_[i];
        if (starts_with_prefix(line, prefix))
            line.remove_prefix(prefix.size());
        return strip_group_margin(line);
    }

    // The frames and exception line of one traceback; returns the line after it. Blank
    // lines may stand between frames, and a frame's code may take several lines (3.13's
    // "...<N lines>..." elision, a statement over several lines).
    size_t read_exception(size_t i, std::string_view prefix, CrashReport& report) {
        size_t code_lines = kMaxCodeLines; // none yet: no frame
        size_t blank_run = 0;
        while (lines_.has(i)) {
            // Trimmed once: the tests below are asked of every line of every report.
            std::string_view line = trim(body_line(i, prefix));
            CrashFrame& frame = frame_;
            uint32_t repeated = 0;
            bool blank = line.empty();
            blank_run = blank ? blank_run + 1 : 0;
            if (blank_run > kMaxBlankLines)
                return i;
            if (parse_frame_line(line, frame)) {
                std::vector<CrashFrame>& frames = report.chain.back().frames;
                if (frames.empty())
                    frames.reserve(8);
                frame.text_line = line_number(i) + 1 - report.first_line;
                frames.push_back(std::move(frame));
                frame = spare_frame();
                code_lines = 0;
                ++i;
                continue;
            }
            if (parse_repeat_line(line, repeated)) {
                if (!report.chain.back().frames.empty())
                    report.chain.back().frames.back().repeated = repeated;
                ++i;
                continue;
            }
            if (blank || is_caret_line(line) || is_group_separator(line)) {
                ++i;
                continue;
            }
            // Every header has a colon; most code lines have none.
            if (line.find(':') != std::string_view::npos &&
                (line.find(kTracebackHeader) != std::string_view::npos ||
                 fatal_error_header(line) != std::string_view::npos))
                return i; // a new report: this one was cut off
            ExceptionLine exception;
            if (parse_exception_line(line, exception) &&
                // "settings.DEBUG" after a frame, with a frame after it, is that frame's code.
                !(code_lines == 0 && exception.message.empty() && frame_follows(i, prefix))) {
                report.chain.back().type.assign(exception.type);
                report.chain.back().message.assign(exception.message);
                return read_message_continuation(i + 1, prefix, report.chain.back());
            }
            if (code_lines >= kMaxCodeLines)
                return i; // neither frame nor exception: the traceback ended unread
            ++code_lines; // the frame's code
            ++i;
        }
        return i;
    }

    // Whether the first line after line i that is not blank or carets is a frame.
    bool frame_follows(size_t i, std::string_view prefix) {
        for (size_t next = i + 1; lines_.has(next); ++next) {
            std::string_view line = body_line(next, prefix);
            if (trim(line).empty() || is_caret_line(line))
                continue;
            CrashFrame frame;
            return parse_frame_line(line, frame);
        }
        return false;
    }

    // Lines after "SomeError: first line" that belong to its message.
    size_t read_message_continuation(size_t i, std::string_view prefix, CrashException& exception) {
        for (size_t lines = 0; lines_.has(i) && lines < kMaxMessageLines; ++i, ++lines) {
            // A log line with another timestamp is the next record, not more of the message.
            if (!prefix.empty() && !lines_[i].starts_with(prefix))
                break;
            std::string_view line = body_line(i, prefix);
            if (trim(line).empty() || is_chain_marker(line) || is_group_separator(line) ||
                line.find(kTracebackHeader) != std::string_view::npos ||
                line.find("Fatal Python error") != std::string_view::npos ||
                starts_with_date(line) || trim(line).starts_with("File \"") ||
                traceback_heading(line)) // the next report's heading
                break;
            exception.message += "\n";
            exception.message += trim(line);
        }
        return i;
    }

    // A script that does not compile: 'File "x.py", line 3' with no traceback header, its
    // code and caret, then "SyntaxError: ..." (or IndentationError, TabError).
    bool starts_syntax_error(size_t i) {
        CrashFrame frame;
        std::string_view code;
        if (!parse_frame_line(lines_[i], frame, &code) || !frame.function.empty())
            return false;
        for (size_t next = i + 1; next <= i + 4 && lines_.has(next); ++next) {
            CrashException exception;
            if (parse_exception_line(lines_[next], exception))
                return exception.type.ends_with("Error");
        }
        return false;
    }

    size_t read_syntax_error(size_t first, std::optional<CrashReport>& out) {
        CrashReport report = new_report(CrashReport::Kind::traceback, first);
        add_exception(report);
        size_t end = read_exception(first, {}, report);
        if (report.chain.back().type.empty())
            report.kind = CrashReport::Kind::unparsed; // the exception line never came
        lines_.text_of(first, end, report.text);
        out = std::move(report);
        return std::max(end, first + 1);
    }

    // A traceback pasted without its header: frames from the first one, then the exception.
    // Where on line i a traceback pasted without its header starts (its first frame, perhaps
    // behind a log prefix), or npos: a frame the line before did not continue.
    size_t fragment_start(size_t i) {
        std::string_view line = lines_[i];
        size_t at = line.find("File");
        CrashFrame frame;
        while (at != std::string_view::npos &&
               !(parse_frame_line(line.substr(at), frame) && frame.line > 0))
            at = line.find("File", at + 1);
        if (at == std::string_view::npos)
            return at;
        bool continues =
            i > 0 && !trim(lines_[i - 1]).empty() && parse_frame_line(lines_[i - 1], frame);
        return continues ? std::string_view::npos : at;
    }

    // A fatal error: faulthandler's dump of the threads, then what a crash reporter or
    // Python 3.14 added (the C stack), kept as native frames.
    size_t read_fatal(size_t first, std::optional<CrashReport>& out) {
        size_t end = first + 1;
        CrashReport report = new_report(CrashReport::Kind::fatal, first);
        std::string_view header = lines_[first];
        std::string_view prefix =
            without_trailing_space(header.substr(0, fatal_error_header(header)));
        while (lines_.has(end)) {
            std::string_view line = body_line(end, prefix);
            if (continues_fatal_dump(line)) {
            } else if (std::optional<std::string> native = native_frame(line)) {
                report.native_frames.push_back(std::move(*native));
            } else {
                break;
            }
            ++end;
        }
        std::string dump_text;
        for (size_t i = first; i < end; ++i)
            dump_text.append(body_line(i, prefix)).push_back('\n');
        auto dumps = parse_faulthandler_text(dump_text, "");
        if (dumps && !dumps->empty()) {
            const HangDump& dump = dumps->front();
            report.fatal_kind = dump.fatal_kind;
            report.fatal_message = dump.fatal_message;
            // The thread that crashed is the current one; else the main thread.
            const DumpThread* crashed = nullptr;
            for (const DumpThread& thread : dump.threads)
                if (thread.current)
                    crashed = &thread;
            if (!crashed && !dump.threads.empty())
                crashed = &main_thread_of(dump);
            if (crashed)
                for (auto frame = crashed->frames.rbegin(); frame != crashed->frames.rend();
                     ++frame)
                    report.fatal_frames.push_back(
                        {frame->file, frame->line, frame->function, 0, 0});
        }
        lines_.text_of(first, end, report.text);
        out = std::move(report);
        return end;
    }
};

} // namespace

size_t read_crash_reports(std::string_view text, const std::function<void(CrashReport&&)>& each,
                          uint32_t first_line) {
    return ReportReader(text, first_line).read(each);
}

// The reader's look-ahead and look-back are bounded: a header at the start of a line, after
// a blank line, with no frame line in the four lines before it (a SyntaxError's location
// looks four lines ahead for its exception) and no chain marker or group separator as the
// line of text before it (they join what follows to the report before), is where the reader
// of the whole text starts a report with nothing read before it mattering.
std::vector<std::string_view> independent_parts(std::string_view text, size_t parts) {
    auto line_before = [&](size_t begin) {
        size_t start = text.rfind('\n', begin - 2);
        start = start == std::string_view::npos ? 0 : start + 1;
        return text.substr(start, begin - 1 - start);
    };
    auto starts_alone = [&](size_t begin) {
        size_t at = begin;
        bool blank_before = true, text_seen = false;
        for (int back = 0; back < 4 && at > 1; ++back) {
            std::string_view line = line_before(at);
            if (back == 0)
                blank_before = trim(line).empty();
            FrameLine frame;
            if (parse_frame_line(line, frame))
                return false;
            if (!text_seen && !trim(line).empty()) {
                text_seen = true;
                if (trim(line).ends_with(':') || is_group_separator(line))
                    return false;
            }
            at -= line.size() + 1;
        }
        return blank_before && text_seen;
    };
    std::vector<std::string_view> cut;
    size_t begin = 0;
    constexpr std::string_view kCut = "\n\nTraceback (most recent call last):";
    for (size_t part = 1; part < parts; ++part) {
        size_t at = text.find(kCut, std::max(begin, text.size() / parts * part));
        while (at != std::string_view::npos && !starts_alone(at + 2))
            at = text.find(kCut, at + 1);
        if (at == std::string_view::npos)
            break;
        cut.push_back(text.substr(begin, at + 2 - begin));
        begin = at + 2;
    }
    cut.push_back(text.substr(begin));
    return cut;
}

CrashReport unparsed_report(std::string_view text) {
    CrashReport unparsed;
    unparsed.first_line = 1;
    unparsed.text = std::string(text);
    return unparsed;
}

std::vector<CrashReport> parse_crash_reports(std::string_view text) {
    std::vector<CrashReport> reports;
    read_crash_reports(text, [&](CrashReport&& report) { reports.push_back(std::move(report)); });
    if (reports.empty() && !trim(text).empty())
        reports.push_back(unparsed_report(text));
    return reports;
}

const char* crash_kind_name(CrashReport::Kind kind) {
    switch (kind) {
    case CrashReport::Kind::traceback:
        return "traceback";
    case CrashReport::Kind::fatal:
        return "fatal";
    case CrashReport::Kind::unparsed:
        return "unparsed";
    }
    return "unparsed";
}

CrashReport::Kind crash_kind_from(std::string_view name) {
    return name == "traceback" ? CrashReport::Kind::traceback
           : name == "fatal"   ? CrashReport::Kind::fatal
                               : CrashReport::Kind::unparsed;
}

} // namespace framescope
