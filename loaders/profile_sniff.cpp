// The rules by which the sniffer tells profile formats apart, on the first bytes of a file.
// Each rule asks for what the format's writers always put first or on every line, so that
// reports, logs and JSON of other kinds are not taken for profiles.

#include <cctype>
#include <string_view>

#include "loaders/folded_lines.h"
#include "loaders/input_kind.h"

namespace framescope {
namespace {

constexpr size_t kMaxSniffLines = 200;

bool has(std::string_view text, std::string_view marker) {
    return text.find(marker) != std::string_view::npos;
}

bool has_line_starting(std::string_view text, std::string_view start) {
    if (text.starts_with(start))
        return true;
    std::string line_start = "\n" + std::string(start);
    return has(text, line_start);
}

// line_profiler pickles a LineStats object (protocols 2 to 5 start with PROTO, 0x80 N); its
// class is named within the first few dozen bytes.
bool looks_like_lprof(std::string_view bytes) {
    if (bytes.size() < 2 || uint8_t(bytes[0]) != 0x80 || bytes[1] < 2 || bytes[1] > 5)
        return false;
    std::string_view head = bytes.substr(0, 256);
    return has(head, "line_profiler") && has(head, "LineStats");
}

std::optional<ProfileFormat> json_format(std::string_view text) {
    if (has(text, "speedscope.app/file-format-schema") ||
        (has(text, "\"shared\"") && has(text, "\"frames\"") && has(text, "\"profiles\"")))
        return ProfileFormat::speedscope;
    if (text[0] == '{' && has(text, "\"meta\"") && has(text, "\"threads\"") &&
        (has(text, "\"stackTable\"") || has(text, "\"samples\"")))
        return ProfileFormat::gecko;
    if (text[0] == '{' && has(text, "\"traceEvents\""))
        return ProfileFormat::trace_event;
    if (text[0] == '[') { // a bare array of events: the first one has a phase
        size_t first = text.find_first_not_of(" \t\r\n", 1);
        if (first != std::string_view::npos &&
            (text[first] == ']' || (text[first] == '{' && has(text.substr(0, 4096), "\"ph\""))))
            return ProfileFormat::trace_event;
    }
    return std::nullopt;
}

std::string_view first_data_line(std::string_view text) {
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find('\n', at);
        std::string_view line =
            text.substr(at, end == std::string_view::npos ? text.npos : end - at);
        at = end == std::string_view::npos ? text.size() : end + 1;
        size_t start = line.find_first_not_of(" \t\r");
        if (start != std::string_view::npos && line[start] != '#')
            return line;
    }
    return {};
}

// "P<pid>;T<tid>..." at the start of Austin's sample lines.
bool looks_like_austin_line(std::string_view line) {
    size_t i = 1;
    if (!line.starts_with('P'))
        return false;
    while (i < line.size() && std::isdigit(uint8_t(line[i])))
        ++i;
    return i > 1 && line.substr(i).starts_with(";T");
}

// Every line a folded stack (the last one may be cut off by the end of the prefix), and at
// least one that is recognisably a stack: frames joined by ';', or py-spy's "f (file.py:1)".
bool looks_like_collapsed(std::string_view text, bool whole) {
    size_t at = 0, lines = 0;
    bool stack_like = false;
    while (at < text.size() && lines < kMaxSniffLines) {
        size_t end = text.find('\n', at);
        if (end == std::string_view::npos && !whole)
            break; // cut off
        std::string_view line =
            text.substr(at, end == std::string_view::npos ? text.npos : end - at);
        at = end == std::string_view::npos ? text.size() : end + 1;
        size_t start = line.find_first_not_of(" \t");
        if (start == std::string_view::npos || line[start] == '#')
            continue;
        std::optional<FoldedLine> folded = split_folded_line(line);
        if (!folded)
            return false;
        ++lines;
        std::string_view stack = folded->stack;
        stack_like = stack_like || has(stack, ";") || (has(stack, " (") && stack.ends_with(')'));
    }
    return lines > 0 && stack_like;
}

} // namespace

std::optional<ProfileFormat> profile_format_of_prefix(std::string_view bytes, bool whole) {
    if (looks_like_lprof(bytes))
        return ProfileFormat::lprof;
    std::string_view text = bytes;
    if (text.starts_with("\xef\xbb\xbf"))
        text.remove_prefix(3);
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return std::nullopt;
    if (text[first] == '{' || text[first] == '[')
        return json_format(text.substr(first));
    if (text.starts_with("# callgrind format") ||
        (has_line_starting(text, "events:") && has_line_starting(text, "fn=")))
        return ProfileFormat::callgrind;
    if (text.starts_with("# austin:") || looks_like_austin_line(first_data_line(text)))
        return ProfileFormat::austin;
    if (looks_like_collapsed(text, whole))
        return ProfileFormat::collapsed;
    return std::nullopt;
}

} // namespace framescope
