// The small pieces every findings writer uses, so that numbers, names and lists read the same
// in `report`, `buckets`, `overview` and the window.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace framescope {

// "3.14" for fixed(3.14159, 2).
inline std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

// "12.5%" for 0.125.
inline std::string percent(double share) {
    return fixed(share * 100, 1) + "%";
}

// "3 stalls", "1 stall".
inline std::string plural(size_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

// A path's last part, after a / or a \ (Windows paths read the same).
inline std::string base_name(std::string_view path) {
    size_t slash = path.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// "1.0, 1.1"; empty for none.
inline std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

// "1.0, 1.1", or "unknown" for none.
inline std::string joined_or_unknown(const std::vector<std::string>& items) {
    std::string text = joined(items);
    return text.empty() ? "unknown" : text;
}

} // namespace framescope
