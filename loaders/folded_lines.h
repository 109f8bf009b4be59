// Folded stacks' lines, as flamegraph.pl reads them: STACK<whitespace>COUNT with
// COUNT = \d+(\.\d*)?. The sniffer and the collapsed-stack reader share this rule.
#pragma once

#include <optional>
#include <string_view>

namespace framescope {

struct FoldedLine {
    std::string_view stack; // may be empty: py-spy's " 2" for samples with no Python frame
    std::string_view count;
};

// `line` without its line break; trailing blanks are allowed.
std::optional<FoldedLine> split_folded_line(std::string_view line);

} // namespace framescope
