// Line helpers shared by the text readers: splitting a paste into lines and undoing what a
// paste adds to each one (CRLF, "> " mail quoting, GitHub Actions timestamps, docker compose
// container prefixes). What the lines mean is left to each reader.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace framescope {

struct TextLine {
    std::string_view text; // without end of line, quoting or log prefix; indentation kept
    uint32_t number = 0;   // 1-based line in the input
};

// Every line of `text`, cleaned of what pasting added (see paste_line and single_spaced).
// Views into `text`.
std::vector<TextLine> pasted_lines(std::string_view text);

// A paste whose every line break was doubled (an editor, a mail client) as it was written: the
// blank line after each line of text goes, runs of blank lines keep all but one. Other text
// comes back as it is.
std::vector<TextLine> single_spaced(std::vector<TextLine> lines);

// One line as pasted -> as written: the "\r" of CRLF, "> " quoting and a log prefix go.
std::string_view paste_line(std::string_view line);

// Spaces, tabs and "\r" at both ends. Inline: every reader trims every line, several times.
inline std::string_view trim(std::string_view text) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    size_t begin = 0, end = text.size();
    while (begin < end && space(text[begin]))
        ++begin;
    while (end > begin && space(text[end - 1]))
        --end;
    return text.substr(begin, end - begin);
}

// ASCII classes without the locale, inlined: std::isalnum is a call for every byte read.
constexpr bool ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
constexpr bool ascii_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
constexpr bool ascii_alnum(char c) {
    return ascii_digit(c) || ascii_upper(c) || (c >= 'a' && c <= 'z');
}

// "> > text" as mail and issue trackers quote it: the quoting goes, the indentation stays.
std::string_view unquote(std::string_view line);

// What a log collector writes before every line: "2024-07-24T22:22:42.4273438Z " (GitHub
// Actions; also with a space for the T, a comma for the point, an offset for the Z) and
// docker compose's "service-1     | ". Lines without one come back as they are.
std::string_view strip_log_prefix(std::string_view line);

bool contains(std::string_view text, std::string_view part);

// How many "\n" `text` holds.
size_t line_breaks(std::string_view text);

// Columns of leading whitespace (a tab counts as one).
size_t indent_of(std::string_view line);

// The whole of `text` as an unsigned number in `base`; false if any of it is not.
bool parse_number(std::string_view text, uint64_t& value, int base = 10);
bool parse_number(std::string_view text, uint32_t& value);

} // namespace framescope
