#include "loaders/collapsed_stacks.h"

#include <charconv>
#include <unordered_map>

#include "loaders/folded_lines.h"
#include "loaders/frame_syntax.h"
#include "loaders/numbered_lines.h"

namespace framescope {

Result<ProfileData> read_collapsed_stacks(std::string_view text, const std::string& file,
                                          LoadProgress* progress, const FileBytes* mapped) {
    ProfileData data;
    data.format = ProfileFormat::collapsed;
    data.unit = std::string(unit::samples);
    FrameTextIds frame_of_text(data);
    std::vector<FrameId> path;
    NumberedLines lines(text, progress, mapped);
    std::string_view line;
    while (lines.next(line)) {
        size_t start = line.find_first_not_of(" \t");
        if (start == std::string_view::npos || line[start] == '#')
            continue;
        std::optional<FoldedLine> folded = split_folded_line(line);
        if (!folded)
            return Error::at_line(file, lines.number(),
                                  "not a folded stack: expected 'frame;frame;... COUNT'");
        double count = 0;
        auto [end, ec] = std::from_chars(folded->count.data(),
                                         folded->count.data() + folded->count.size(), count);
        if (ec != std::errc())
            return Error::at_line(file, lines.number(),
                                  "count '" + std::string(folded->count) + "' is out of range");
        path.clear();
        std::string_view stack = folded->stack;
        size_t first = stack.find_first_not_of(" \t");
        stack = first == std::string_view::npos ? std::string_view() : stack.substr(first);
        while (!stack.empty()) {
            size_t semicolon = stack.find(';');
            std::string_view frame = stack.substr(0, semicolon);
            stack = semicolon == std::string_view::npos ? std::string_view()
                                                        : stack.substr(semicolon + 1);
            if (frame.empty())
                continue;
            path.push_back(frame_of_text(frame));
        }
        data.add_stack(path, count);
    }
    if (lines.cancelled())
        return Error::plain(file + ": cancelled");
    return data;
}

} // namespace framescope
