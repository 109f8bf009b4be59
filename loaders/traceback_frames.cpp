#include "loaders/traceback_frames.h"

#include "loaders/text_lines.h"

namespace framescope {

bool parse_traceback_frame(std::string_view line, DumpFrame& frame) {
    std::string_view text = trim(line);
    bool native = false;
    if (text.starts_with("(Python) ")) {
        text.remove_prefix(9);
    } else if (text.starts_with("(C) ")) {
        text.remove_prefix(4);
        native = true;
    }
    if (text.starts_with("File: \""))
        text.remove_prefix(7);
    else if (text.starts_with("File \""))
        text.remove_prefix(6);
    else
        return false;
    size_t file_end = text.rfind("\", line ");
    if (file_end == std::string_view::npos)
        return false;
    std::string_view file = text.substr(0, file_end);
    std::string_view rest = text.substr(file_end + 8);
    size_t in = rest.find(", in ");
    if (in == std::string_view::npos)
        return false;
    uint32_t number = 0;
    if (!parse_number(rest.substr(0, in), number))
        return false;
    std::string_view function = trim(rest.substr(in + 5));
    if (native && function.ends_with(')')) // "(C) File ..., in poll (libc.so.6)"
        if (size_t open = function.rfind(" ("); open != std::string_view::npos)
            function = function.substr(0, open);
    if (function.empty())
        return false;
    frame = DumpFrame{};
    frame.file = std::string(file);
    frame.line = number;
    frame.function = std::string(function);
    frame.native = native;
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

} // namespace framescope
