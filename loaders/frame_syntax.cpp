#include "loaders/frame_syntax.h"

#include <charconv>

namespace framescope {
namespace {

// `text` as a line number, or -1 when it is not all digits.
int64_t line_number(std::string_view text) {
    int64_t line = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), line);
    return ec == std::errc() && end == text.data() + text.size() && line >= 0 ? line : -1;
}

} // namespace

FrameText parse_frame_text(std::string_view text) {
    // Python names hold no spaces while paths may hold " (" ("C:\Program Files (x86)"): the
    // first " (" ends the name.
    size_t open = text.find(" (");
    if (open != std::string_view::npos && open > 0 && text.ends_with(')')) {
        std::string_view inner = text.substr(open + 2, text.size() - open - 3);
        size_t colon = inner.rfind(':');
        if (colon != std::string_view::npos) {
            if (int64_t line = line_number(inner.substr(colon + 1)); line >= 0)
                return {text.substr(0, open), inner.substr(0, colon), line};
        }
        return {text.substr(0, open), inner, 0};
    }
    size_t last = text.rfind(':');
    if (last != std::string_view::npos && last > 0) {
        size_t middle = text.rfind(':', last - 1);
        int64_t line = line_number(text.substr(last + 1));
        if (middle != std::string_view::npos && middle > 0 && last > middle + 1 && line >= 0)
            return {text.substr(middle + 1, last - middle - 1), text.substr(0, middle), line};
    }
    return {text, {}, 0};
}

} // namespace framescope
