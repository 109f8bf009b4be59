#include "loaders/austin_samples.h"

#include <charconv>
#include <unordered_map>

#include "loaders/frame_syntax.h"
#include "loaders/numbered_lines.h"
#include "loaders/text_lines.h"

namespace framescope {
namespace {

// " METRIC" at the end of a sample line: -?\d+(,-?\d+)*, the first number read.
bool split_metric(std::string_view line, std::string_view& stack, int64_t& metric) {
    size_t space = line.find_last_of(" \t");
    if (space == std::string_view::npos)
        return false;
    std::string_view metrics = line.substr(space + 1);
    if (metrics.empty())
        return false;
    for (size_t at = 0; at <= metrics.size();) {
        size_t comma = std::min(metrics.find(',', at), metrics.size());
        std::string_view number = metrics.substr(at, comma - at);
        if (number.starts_with('-'))
            number.remove_prefix(1);
        if (number.empty())
            return false;
        for (char c : number)
            if (!ascii_digit(c))
                return false;
        at = comma + 1;
    }
    auto [end, ec] = std::from_chars(metrics.data(), metrics.data() + metrics.size(), metric);
    if (ec != std::errc())
        return false;
    stack = trim(line.substr(0, space));
    return true;
}

bool is_prefixed_number(std::string_view field, char prefix) {
    if (field.size() < 2 || field[0] != prefix)
        return false;
    for (char c : field.substr(1))
        if (!ascii_digit(c))
            return false;
    return true;
}

// "# mode: memory" -> ("mode", "memory").
bool metadata(std::string_view line, std::string_view& key, std::string_view& value) {
    line = trim(line.substr(1));
    size_t colon = line.find(':');
    if (colon == std::string_view::npos)
        return false;
    key = trim(line.substr(0, colon));
    value = trim(line.substr(colon + 1));
    return true;
}

} // namespace

Result<ProfileData> read_austin_samples(std::string_view text, const std::string& file,
                                        LoadProgress* progress) {
    ProfileData data;
    data.format = ProfileFormat::austin;
    data.unit = std::string(unit::microseconds);
    FrameTextIds frame_of_text(data);
    std::vector<FrameId> path;
    NumberedLines lines(text, progress);
    std::string_view line;
    while (lines.next(line)) {
        line = trim(line);
        if (line.empty())
            continue;
        if (line[0] == '#') {
            std::string_view key, value;
            if (metadata(line, key, value) && key == "mode")
                data.unit = std::string(value == "memory" ? unit::bytes : unit::microseconds);
            continue;
        }
        std::string_view stack;
        int64_t metric = 0;
        if (!split_metric(line, stack, metric))
            return Error::at_line(file, lines.number(),
                                  "not an Austin sample: expected 'P<pid>;T<tid>;frames METRIC'");
        path.clear();
        uint32_t thread = 0;
        size_t field_index = 0;
        std::string_view process;
        while (!stack.empty()) {
            size_t semicolon = stack.find(';');
            std::string_view field = stack.substr(0, semicolon);
            stack = semicolon == std::string_view::npos ? std::string_view()
                                                        : stack.substr(semicolon + 1);
            size_t index = field_index++;
            if (index == 0 && is_prefixed_number(field, 'P')) {
                process = field;
                continue;
            }
            if (index == 1 && !process.empty() && field.starts_with('T')) {
                thread = data.thread(std::string(process) + ";" + std::string(field));
                continue;
            }
            if (field.empty())
                continue;
            if (is_prefixed_number(field, 'L')) { // Austin 1 and 2: the previous frame's line
                if (!path.empty()) {
                    const ProfileFrame& frame = data.frames[path.back()];
                    int64_t number = 0;
                    std::from_chars(field.data() + 1, field.data() + field.size(), number);
                    path.back() = data.frame(data.strings.get(frame.function),
                                             data.strings.get(frame.file), number);
                }
                continue;
            }
            path.push_back(frame_of_text(field));
        }
        data.add_stack(path, double(metric), thread);
    }
    if (lines.cancelled())
        return Error::plain(file + ": cancelled");
    return data;
}

} // namespace framescope
