#include "loaders/text_lines.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace framescope {
namespace {

// `count` digits at `at`.
bool digits_at(std::string_view text, size_t at, size_t count) {
    if (at + count > text.size())
        return false;
    for (size_t i = at; i < at + count; ++i)
        if (!ascii_digit(text[i]))
            return false;
    return true;
}

// Length of "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+HH:MM] " at the start of `line`, or 0.
size_t timestamp_prefix(std::string_view line) {
    if (!digits_at(line, 0, 4) || line.size() < 20 || line[4] != '-' || !digits_at(line, 5, 2) ||
        line[7] != '-' || !digits_at(line, 8, 2) || (line[10] != 'T' && line[10] != ' ') ||
        !digits_at(line, 11, 2) || line[13] != ':' || !digits_at(line, 14, 2) || line[16] != ':' ||
        !digits_at(line, 17, 2))
        return 0;
    size_t at = 19;
    if (at < line.size() && (line[at] == '.' || line[at] == ',')) {
        ++at;
        while (at < line.size() && ascii_digit(line[at]))
            ++at;
    }
    if (at < line.size() && line[at] == 'Z') {
        ++at;
    } else if (at < line.size() && (line[at] == '+' || line[at] == '-') &&
               digits_at(line, at + 1, 2)) {
        at += 3;
        if (at < line.size() && line[at] == ':')
            ++at;
        while (at < line.size() && ascii_digit(line[at]))
            ++at;
    }
    if (at < line.size() && line[at] != ' ')
        return 0;
    return at < line.size() ? at + 1 : at;
}

bool is_service_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || ascii_digit(c) || c == '_' ||
           c == '-' || c == '.';
}

// Length of docker compose's "name<spaces>| " at the start of `line`, or 0.
size_t container_prefix(std::string_view line) {
    size_t at = 0;
    while (at < line.size() && is_service_char(line[at]))
        ++at;
    size_t name_end = at;
    while (at < line.size() && line[at] == ' ')
        ++at;
    if (name_end == 0 || at == name_end || at >= line.size() || line[at] != '|')
        return 0;
    ++at;
    return at < line.size() && line[at] == ' ' ? at + 1 : at;
}

} // namespace

size_t line_breaks(std::string_view text) {
    // Sixteen bytes at a time (the compiler's vector extension: SSE2 or NEON), each lane
    // counting down its breaks for up to 255 blocks before they are added up: a file of
    // tens of megabytes is counted in a few milliseconds, where memchr stops at every line.
    using Bytes = uint8_t __attribute__((vector_size(16)));
    size_t count = 0, at = 0;
    while (text.size() - at >= sizeof(Bytes)) {
        Bytes lanes{};
        for (size_t block = 0; block < 255 && text.size() - at >= sizeof(Bytes); ++block) {
            Bytes bytes;
            std::memcpy(&bytes, text.data() + at, sizeof bytes);
            lanes -= Bytes(bytes == '\n'); // a break's lane is all ones: minus -1
            at += sizeof(Bytes);
        }
        for (size_t lane = 0; lane < sizeof(Bytes); ++lane)
            count += lanes[lane];
    }
    return count + size_t(std::count(text.begin() + std::ptrdiff_t(at), text.end(), '\n'));
}

std::string_view unquote(std::string_view line) {
    size_t at = 0;
    while (true) {
        size_t next = line.find_first_not_of(' ', at);
        if (next == std::string_view::npos || line[next] != '>')
            break;
        at = next + 1;
        if (at < line.size() && line[at] == ' ')
            ++at;
    }
    return at > 0 ? line.substr(at) : line;
}

std::string_view strip_log_prefix(std::string_view line) {
    if (size_t length = timestamp_prefix(line))
        return line.substr(length);
    if (size_t length = container_prefix(line))
        return line.substr(length);
    return line;
}

std::string_view paste_line(std::string_view line) {
    if (line.ends_with('\r'))
        line.remove_suffix(1);
    return unquote(strip_log_prefix(unquote(line)));
}

std::vector<TextLine> pasted_lines(std::string_view text) {
    std::vector<TextLine> lines;
    uint32_t number = 0;
    size_t begin = 0;
    while (begin < text.size()) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos)
            end = text.size();
        lines.push_back({paste_line(text.substr(begin, end - begin)), ++number});
        begin = end + 1;
    }
    return single_spaced(std::move(lines));
}

std::vector<TextLine> single_spaced(std::vector<TextLine> lines) {
    // Doubled: a blank line after nearly every line that has text.
    size_t with_text = 0, followed_by_blank = 0;
    for (size_t i = 0; i + 1 < lines.size(); ++i)
        if (!trim(lines[i].text).empty()) {
            ++with_text;
            followed_by_blank += trim(lines[i + 1].text).empty();
        }
    if (with_text < 4 || followed_by_blank * 10 < with_text * 9)
        return lines;
    std::vector<TextLine> kept;
    for (size_t i = 0; i < lines.size(); ++i)
        if (!(i > 0 && trim(lines[i].text).empty() && !trim(lines[i - 1].text).empty()))
            kept.push_back(lines[i]);
    return kept;
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

size_t indent_of(std::string_view line) {
    size_t at = line.find_first_not_of(" \t");
    return at == std::string_view::npos ? line.size() : at;
}

bool parse_number(std::string_view text, uint64_t& value, int base) {
    if (text.empty())
        return false;
    auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    return error == std::errc() && ptr == text.data() + text.size();
}

bool parse_number(std::string_view text, uint32_t& value) {
    if (text.empty())
        return false;
    auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && ptr == text.data() + text.size();
}

} // namespace framescope
