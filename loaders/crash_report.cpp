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
#include <deque>
#include <optional>

#include "loaders/faulthandler_dump.h"
#include "loaders/text_lines.h"
#include "loaders/traceback_frames.h"

namespace framescope {
namespace {

constexpr std::string_view kTracebackHeader = "Traceback (most recent call last):";
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

// 'File "path", line 12, in function' (a SyntaxError's location has no ", in"), as pasted:
// the forms loaders/traceback_frames reads; `code` gets what followed the function's name.
bool parse_frame_line(std::string_view line, CrashFrame& frame, std::string_view* code = nullptr) {
    FrameLine read;
    if (!framescope::parse_frame_line(line, read) || read.native)
        return false;
    frame = CrashFrame{std::string(read.file), read.line, std::string(read.function), 0, 0};
    if (code)
        *code = read.code;
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

// What web pages and chat did to a paste, undone: HTML tags around lines (<p/>, <code>),
// entities, typographic quotes, backticks. Tags inside Python's own "<module>" stay. A line
// that needed it is kept in `rewritten`; the others are views of `raw`.
std::string_view clean_line(std::string_view raw, std::deque<std::string>& rewritten) {
    std::string_view line = unquote(raw);
    if (line.ends_with('\r'))
        line.remove_suffix(1);
    static constexpr std::string_view kTags[] = {"p",      "br", "code", "pre", "b",   "i",   "em",
                                                 "strong", "tt", "span", "div", "kbd", "samp"};
    static constexpr std::pair<std::string_view, std::string_view> kReplacements[] = {
        {"&quot;", "\""}, {"&#34;", "\""}, {"&#39;", "'"},  {"&#x27;", "'"}, {"&apos;", "'"},
        {"&lt;", "<"},    {"&gt;", ">"},   {"&nbsp;", " "}, {"&amp;", "&"},  {"\u201c", "\""},
        {"\u201d", "\""}, {"\u2018", "'"}, {"\u2019", "'"}, {"\u00a0", " "}, {"`", ""}};
    // Most lines hold none of it: one scan, no rewrite. The bytes that may start something
    // to undo: a tag, an entity, a backtick, a UTF-8 quote or no-break space.
    auto starts_something = [](char c) {
        return c == '<' || c == '&' || c == '`' || c == '\xe2' || c == '\xc2';
    };
    if (std::none_of(line.begin(), line.end(), starts_something))
        return line;
    std::string out;
    out.reserve(line.size());
    for (size_t i = 0; i < line.size();) {
        if (!starts_something(line[i])) {
            out += line[i++];
            continue;
        }
        if (line[i] == '<') {
            size_t name = i + 1 + (i + 1 < line.size() && line[i + 1] == '/');
            size_t close = line.find('>', name);
            if (close != std::string_view::npos) {
                std::string_view tag = line.substr(name, close - name);
                tag = tag.substr(0, tag.find_first_of(" /"));
                bool html = false;
                for (std::string_view known : kTags)
                    html |= tag.size() == known.size() &&
                            std::equal(tag.begin(), tag.end(), known.begin(), [](char a, char b) {
                                return std::tolower(uint8_t(a)) == b;
                            });
                if (html) {
                    i = close + 1;
                    continue;
                }
            }
        }
        bool replaced = false;
        for (const auto& [from, to] : kReplacements)
            if (line.substr(i).starts_with(from)) {
                out += to;
                i += from.size();
                replaced = true;
                break;
            }
        if (!replaced)
            out += line[i++];
    }
    return rewritten.emplace_back(std::move(out));
}

// Where, in the code after a frame on a collapsed line, the exception line starts: a word
// after a space that reads as "SomeError: message" and is named like an exception.
size_t embedded_exception(std::string_view code) {
    for (size_t at = 0; at < code.size(); ++at) {
        if (at > 0 && code[at - 1] != ' ')
            continue;
        CrashException exception;
        if (!std::isupper(uint8_t(code[at])) || !parse_exception_line(code.substr(at), exception))
            continue;
        std::string_view type = exception.type;
        if (type.ends_with("Error") || type.ends_with("Exception") || type.ends_with("Warning") ||
            type.ends_with("Exit") || type.ends_with("Interrupt"))
            return at;
    }
    return std::string_view::npos;
}

// One line of text as the reader sees it: cleaned, and one frame each when a paste lost its
// line breaks (a whole traceback on one line).
struct CleanLine {
    std::string_view text; // into the input or the reader's rewritten lines
    size_t raw = 0;        // index of the line it came from
};

void split_collapsed(std::string_view text, size_t raw, std::vector<CleanLine>& out) {
    std::vector<size_t> cuts;
    for (size_t at = text.find("File \""); at != std::string::npos;
         at = text.find("File \"", at + 1)) {
        CrashFrame frame;
        if (at > 0 && text[at - 1] == ' ' && !trim(text.substr(0, at)).empty() &&
            parse_frame_line(text.substr(at), frame))
            cuts.push_back(at);
    }
    if (size_t at = text.find(kTracebackHeader);
        at != std::string::npos && !cuts.empty() && at + kTracebackHeader.size() < cuts.front())
        cuts.insert(cuts.begin(), at + kTracebackHeader.size());
    // One frame after other text is a frame behind a log prefix, not a collapsed traceback.
    if (cuts.size() < 2) {
        out.push_back({text, raw});
        return;
    }
    size_t begin = 0;
    for (size_t cut : cuts) {
        out.push_back({text.substr(begin, cut - begin), raw});
        begin = cut;
    }
    std::string_view last = text.substr(begin);
    CrashFrame frame;
    std::string_view code;
    size_t exception = std::string_view::npos;
    if (parse_frame_line(last, frame, &code) && !code.empty())
        exception = embedded_exception(code);
    if (exception == std::string_view::npos) {
        out.push_back({last, raw});
        return;
    }
    size_t split = size_t(code.data() - last.data()) + exception;
    out.push_back({last.substr(0, split), raw});
    out.push_back({last.substr(split), raw});
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

// A console wraps at 80 columns: "..., in ma" then "in" on the next line is one line.
bool wrapped_at_console_width(std::string_view raw, std::string_view next) {
    std::string_view line = unquote(raw); // the console printed it before anyone quoted it
    if (line.ends_with('\r'))
        line.remove_suffix(1);
    if ((line.size() != 80 && line.size() != 79) || next.empty() ||
        std::isspace(uint8_t(next[0])) || !trim(line).starts_with("File \""))
        return false;
    CrashFrame frame;
    return !parse_frame_line(line, frame) || next.find(' ') == std::string_view::npos;
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
        for (size_t i = 0; i < raw_.size(); ++i) {
            std::string_view line = clean_line(raw_[i], rewritten_);
            std::string joined;
            while (i + 1 < raw_.size() && unquote(raw_[i]).size() >= 79 &&
                   unquote(raw_[i]).size() <= 81) {
                std::string_view next = clean_line(raw_[i + 1], rewritten_);
                if (!wrapped_at_console_width(raw_[i], next))
                    break;
                joined = std::string(line) + std::string(next);
                line = rewritten_.emplace_back(std::move(joined));
                ++i;
            }
            split_collapsed(line, i, lines_);
        }
    }

    std::vector<CrashReport> read() {
        for (size_t i = 0; i < lines_.size();) {
            std::string_view line = lines_[i].text;
            if (line.find(kTracebackHeader) != std::string_view::npos ||
                line.find(kLooseHeader) != std::string_view::npos)
                i = read_report(i, true);
            else if (fatal_error_header(line) != std::string_view::npos)
                i = read_fatal(i);
            else if (starts_syntax_error(i))
                i = read_syntax_error(i);
            else if (size_t at = fragment_start(i); at != std::string_view::npos)
                i = read_report(i, false, without_trailing_space(lines_[i].text.substr(0, at)));
            else
                ++i;
        }
        return std::move(reports_);
    }

  private:
    std::vector<std::string_view> raw_;
    std::vector<CleanLine> lines_;
    std::deque<std::string> rewritten_; // lines cleaning changed; a deque never moves them
    std::vector<CrashReport> reports_;

    // The report's text as given: the raw lines its logical lines came from.
    std::string text_of(size_t first, size_t end) const {
        std::string text;
        if (first >= end)
            return text;
        for (size_t i = lines_[first].raw; i <= lines_[end - 1].raw; ++i)
            text.append(raw_[i]).push_back('\n');
        return text;
    }

    uint32_t line_number(size_t i) const { return uint32_t(lines_[i].raw + 1); }

    // A traceback, with or without its header, and the exceptions chained to it or grouped
    // in it; returns the line after it.
    size_t read_report(size_t first, bool header, std::string_view prefix = {}) {
        CrashReport report;
        report.kind = CrashReport::Kind::traceback;
        report.first_line = line_number(first);
        size_t i = first;
        report.chain.emplace_back();
        if (header) {
            // Whatever stood before the header on its line (a log line's timestamp, a group's
            // "+ Exception Group") is the prefix its other lines may carry too.
            std::string_view line = lines_[i].text;
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
            while (next < lines_.size()) {
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
            if (!joined || next >= lines_.size() ||
                body_line(next, prefix).find(kTracebackHeader) == std::string_view::npos ||
                report.chain.back().type.empty())
                break;
            report.chain.emplace_back();
            i = next + 1;
        }
        if (report.chain.back().type.empty()) {
            if (!header)
                return std::max(i, first + 1);         // frames without an exception: not a report
            report.kind = CrashReport::Kind::unparsed; // cut off before its exception line
        }
        report.text = text_of(first, i);
        reports_.push_back(std::move(report));
        return std::max(i, first + 1);
    }

    // The part of a header's prefix that its frames carry: a log line's timestamp without
    // the logger's "ERROR:root:" that came before "Traceback" on the header's line only.
    std::string_view prefix_of_frames(size_t i, std::string_view prefix) const {
        while (i < lines_.size() && trim(lines_[i].text).empty())
            ++i;
        if (i >= lines_.size() || starts_with_prefix(lines_[i].text, prefix))
            return prefix;
        std::string_view line = lines_[i].text;
        size_t at = line.find("File \"");
        if (at == std::string_view::npos)
            return prefix;
        std::string_view carried = without_trailing_space(line.substr(0, at));
        return !carried.empty() && starts_with_prefix(prefix, carried) ? carried : prefix;
    }

    std::string_view body_line(size_t i, std::string_view prefix) const {
        std::string_view line = lines_[i].text;
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
        while (i < lines_.size()) {
            std::string_view line = body_line(i, prefix);
            CrashFrame frame;
            uint32_t repeated = 0;
            bool blank = trim(line).empty();
            blank_run = blank ? blank_run + 1 : 0;
            if (blank_run > kMaxBlankLines)
                return i;
            if (parse_frame_line(line, frame)) {
                frame.text_line = uint32_t(lines_[i].raw + 2 - report.first_line);
                report.chain.back().frames.push_back(std::move(frame));
                code_lines = 0;
            } else if (parse_repeat_line(line, repeated)) {
                if (!report.chain.back().frames.empty())
                    report.chain.back().frames.back().repeated = repeated;
            } else if (blank || is_caret_line(line) || is_group_separator(line)) {
            } else if (line.find(kTracebackHeader) != std::string_view::npos ||
                       fatal_error_header(line) != std::string_view::npos) {
                return i; // a new report: this one was cut off
            } else if (!(code_lines == 0 && looks_like_code(i, prefix)) &&
                       parse_exception_line(line, report.chain.back())) {
                return read_message_continuation(i + 1, prefix, report.chain.back());
            } else if (code_lines < kMaxCodeLines) {
                ++code_lines; // the frame's code
            } else {
                return i; // neither frame nor exception: the traceback ended unread
            }
            ++i;
        }
        return i;
    }

    // The line after a frame that reads as an exception with no message ("settings.DEBUG")
    // but has a frame after it is that frame's code.
    bool looks_like_code(size_t i, std::string_view prefix) const {
        CrashException exception;
        if (!parse_exception_line(body_line(i, prefix), exception) || !exception.message.empty())
            return false;
        for (size_t next = i + 1; next < lines_.size(); ++next) {
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
        for (size_t lines = 0; i < lines_.size() && lines < kMaxMessageLines; ++i, ++lines) {
            // A log line with another timestamp is the next record, not more of the message.
            if (!prefix.empty() && !lines_[i].text.starts_with(prefix))
                break;
            std::string_view line = body_line(i, prefix);
            if (trim(line).empty() || is_chain_marker(line) || is_group_separator(line) ||
                line.find(kTracebackHeader) != std::string_view::npos ||
                line.find("Fatal Python error") != std::string_view::npos ||
                starts_with_date(line) || trim(line).starts_with("File \""))
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
        std::string_view code;
        if (!parse_frame_line(lines_[i].text, frame, &code) || !frame.function.empty())
            return false;
        for (size_t next = i + 1; next < lines_.size() && next <= i + 4; ++next) {
            CrashException exception;
            if (parse_exception_line(lines_[next].text, exception))
                return exception.type.ends_with("Error");
        }
        return false;
    }

    size_t read_syntax_error(size_t first) {
        CrashReport report;
        report.kind = CrashReport::Kind::traceback;
        report.first_line = line_number(first);
        report.chain.emplace_back();
        size_t end = read_exception(first, {}, report);
        if (report.chain.back().type.empty())
            report.kind = CrashReport::Kind::unparsed; // the exception line never came
        report.text = text_of(first, end);
        reports_.push_back(std::move(report));
        return std::max(end, first + 1);
    }

    // A traceback pasted without its header: frames from the first one, then the exception.
    // Where on line i a traceback pasted without its header starts (its first frame, perhaps
    // behind a log prefix), or npos: a frame the line before did not continue.
    size_t fragment_start(size_t i) const {
        std::string_view line = lines_[i].text;
        size_t at = line.find("File");
        CrashFrame frame;
        while (at != std::string_view::npos &&
               !(parse_frame_line(line.substr(at), frame) && frame.line > 0))
            at = line.find("File", at + 1);
        if (at == std::string_view::npos)
            return at;
        bool continues = i > 0 && !trim(lines_[i - 1].text).empty() &&
                         parse_frame_line(lines_[i - 1].text, frame);
        return continues ? std::string_view::npos : at;
    }

    // A fatal error: faulthandler's dump of the threads, then what a crash reporter or
    // Python 3.14 added (the C stack), kept as native frames.
    size_t read_fatal(size_t first) {
        size_t end = first + 1;
        CrashReport report;
        report.kind = CrashReport::Kind::fatal;
        report.first_line = line_number(first);
        std::string_view header = lines_[first].text;
        std::string_view prefix =
            without_trailing_space(header.substr(0, fatal_error_header(header)));
        while (end < lines_.size()) {
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
        report.text = text_of(first, end);
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
