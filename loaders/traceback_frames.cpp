#include "loaders/traceback_frames.h"

#include <algorithm>
#include <cctype>

#include "loaders/text_lines.h"

namespace framescope {

bool parse_frame_line(std::string_view line, FrameLine& frame) {
    std::string_view text = trim(line);
    frame = FrameLine{};
    if (text.starts_with("(Python) ")) {
        text.remove_prefix(9);
    } else if (text.starts_with("(C) ")) {
        text.remove_prefix(4);
        frame.native = true;
    }
    if (!text.starts_with("File"))
        return false;
    text.remove_prefix(4);
    if (text.starts_with(':'))
        text.remove_prefix(1);
    text = trim(text);
    if (!text.starts_with('"'))
        return false;
    text.remove_prefix(1);
    // The first '", line ' (or "Line"), in one scan of the line.
    size_t file_end = text.find("\", ");
    while (file_end != std::string_view::npos && !(text.substr(file_end + 3).starts_with("line ") ||
                                                   text.substr(file_end + 3).starts_with("Line ")))
        file_end = text.find("\", ", file_end + 1);
    if (file_end == std::string_view::npos || file_end == 0)
        return false;
    frame.file = text.substr(0, file_end);
    std::string_view rest = text.substr(file_end + 8);
    size_t digits = 0;
    while (digits < rest.size() && ascii_digit(rest[digits]))
        ++digits;
    if (!parse_number(rest.substr(0, digits), frame.line))
        return false;
    rest = trim(rest.substr(digits));
    if (rest == ", in" || rest == ",in") {
        frame.has_function = true; // the name was lost
    } else if (rest.starts_with(", in ")) {
        frame.has_function = true;
        rest = trim(rest.substr(5));
        size_t end = std::min(rest.find(' '), rest.size());
        frame.function = rest.substr(0, end);
        frame.code = trim(rest.substr(end));
    } else if (!rest.empty()) {
        return false;
    }
    return true;
}

bool parse_exception_line(std::string_view line, ExceptionLine& exception) {
    line = trim(line);
    size_t end = 0;
    bool capital_or_dot = false;
    while (end < line.size() && (ascii_alnum(line[end]) || line[end] == '_' || line[end] == '.')) {
        capital_or_dot |= ascii_upper(line[end]) || line[end] == '.';
        ++end;
    }
    if (end == 0 || !capital_or_dot || ascii_digit(line[0]) || line[0] == '.')
        return false;
    if (end < line.size() &&
        !(line[end] == ':' && (end + 1 == line.size() || line[end + 1] == ' ')))
        return false;
    exception.type = line.substr(0, end);
    exception.message = end < line.size() ? trim(line.substr(end + 1)) : std::string_view();
    return true;
}

bool parse_traceback_frame(std::string_view line, DumpFrame& frame) {
    FrameLine read;
    // "(C) File ..., in poll (libc.so.6)": the library after a native frame's name is no code.
    if (!parse_frame_line(line, read) || read.function.empty() ||
        (!read.code.empty() && !read.native))
        return false;
    frame = DumpFrame{};
    frame.file = std::string(read.file);
    frame.line = read.line;
    frame.function = std::string(read.function);
    frame.native = read.native;
    return true;
}

TracebackFrames::Step TracebackFrames::read(std::string_view line) {
    DumpFrame frame;
    if (parse_traceback_frame(line, frame)) {
        frames.push_back(std::move(frame));
        frame_indent_ = indent_of(line);
        after_frame_ = true;
        return Step::frame;
    }
    if (after_frame_ && !trim(line).empty() && indent_of(line) > frame_indent_)
        return Step::source;
    after_frame_ = false;
    return Step::other;
}

void TracebackFrames::clear() {
    frames.clear();
    after_frame_ = false;
}

const TracebackHeading* traceback_heading(std::string_view line) {
    for (const TracebackHeading& heading : kTracebackHeadings)
        if (line.find(heading.text) != std::string_view::npos)
            return &heading;
    return nullptr;
}

} // namespace framescope
