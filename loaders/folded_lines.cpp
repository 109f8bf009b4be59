#include "loaders/folded_lines.h"

#include <cctype>

namespace framescope {
namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}
bool is_digit(char c) {
    return std::isdigit(uint8_t(c)) != 0;
}

} // namespace

std::optional<FoldedLine> split_folded_line(std::string_view line) {
    while (!line.empty() && is_blank(line.back()))
        line.remove_suffix(1);
    size_t at = line.size();
    while (at > 0 && !is_blank(line[at - 1]))
        --at;
    if (at == 0)
        return std::nullopt; // no whitespace before the count
    std::string_view count = line.substr(at);
    size_t digits = 0;
    while (digits < count.size() && is_digit(count[digits]))
        ++digits;
    if (digits == 0)
        return std::nullopt;
    if (digits < count.size()) {
        if (count[digits] != '.')
            return std::nullopt;
        for (size_t i = digits + 1; i < count.size(); ++i)
            if (!is_digit(count[i]))
                return std::nullopt;
    }
    std::string_view stack = line.substr(0, at);
    while (!stack.empty() && is_blank(stack.back()))
        stack.remove_suffix(1);
    return FoldedLine{stack, count};
}

} // namespace framescope
