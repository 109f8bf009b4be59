// A function's source, read where the profile was recorded or, through the user's path
// mappings, where the same code is on this machine ("/home/ana/app" recorded, "/src/app"
// here): from its first line to the end of its body, with the line to mark.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace framescope {

// Recorded prefix -> local prefix, tried in order after the path as recorded.
using PathMappings = std::vector<std::pair<std::string, std::string>>;

struct SourceExcerpt {
    std::string path;               // the file read, on this machine
    uint32_t first_line = 0;        // 1-based number of lines.front()
    std::vector<std::string> lines; // the function: its def line to the end of its body
    uint32_t marked_line = 0;       // the line to mark (the hot line, or the def line)
    bool cut = false;               // the body went on past kMaxLines
};

inline constexpr size_t kMaxSourceLines = 200;

// `line` is where the function starts (pstats) or the line a sample or traceback names; the
// excerpt starts at the enclosing def when `line` is inside a body. Errors name the file.
Result<SourceExcerpt> read_source(const std::string& file, uint32_t line,
                                  const PathMappings& mappings);

} // namespace framescope
