#include "model/function_names.h"

#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "loaders/profile_format.h"
#include "model/code_origin.h"

namespace framescope {

FunctionNames::FunctionNames(const PstatsProfile& profile) {
    std::unordered_map<uint32_t, std::string> shown_file; // by the file's string id
    begin_.reserve(profile.function_count + 1);
    base_at_.reserve(profile.function_count);
    for (FunctionId f = 0; f < profile.function_count; ++f) {
        const FunctionKey& key = profile.keys[f];
        std::string_view file = profile.file(f);
        begin_.push_back(text_.size());
        if (file == "~" && key.line == 0) { // a built-in: pstats' ('~', 0, name)
            base_at_.push_back(0);
            continue;
        }
        auto [known, added] = shown_file.try_emplace(key.file);
        if (added)
            known->second = display_name(file);
        text_ += known->second;
        text_ += ':';
        text_ += std::to_string(key.line);
        size_t slash = known->second.find_last_of("/\\");
        base_at_.push_back(uint32_t(slash == std::string::npos ? 0 : slash + 1));
    }
    begin_.push_back(text_.size());
}

std::string_view FunctionNames::place(FunctionId f, bool strip_dirs) const {
    if (f >= base_at_.size())
        return {};
    std::string_view place(text_.data() + begin_[f], begin_[f + 1] - begin_[f]);
    return strip_dirs ? place.substr(base_at_[f]) : place;
}

std::string FunctionNames::label(const PstatsProfile& profile, FunctionId f,
                                 bool strip_dirs) const {
    std::string label(profile.name(f));
    std::string_view where = place(f, strip_dirs);
    if (!where.empty())
        label.append("  ").append(where);
    return label;
}

std::string format_duration(double seconds) {
    if (seconds == 0 || !std::isfinite(seconds))
        return "0";
    static constexpr struct {
        double scale;
        const char* unit;
    } kUnits[] = {{1, "s"}, {1e-3, "ms"}, {1e-6, "\u00b5s"}, {1e-9, "ns"}};
    double magnitude = std::fabs(seconds);
    size_t unit = 0;
    while (unit + 1 < std::size(kUnits) && magnitude < kUnits[unit].scale)
        ++unit;
    double value = seconds / kUnits[unit].scale;
    double shown = std::fabs(value);
    // Three significant digits, so a column of them lines up by magnitude.
    int decimals = shown >= 100 ? 0 : shown >= 10 ? 1 : 2;
    char text[32];
    std::snprintf(text, sizeof text, "%.*f %s", decimals, value, kUnits[unit].unit);
    return text;
}

std::string format_weight(double weight, std::string_view unit) {
    if (double seconds = seconds_per_unit(unit); seconds > 0)
        return format_duration(weight * seconds);
    if (weight == 0 || !std::isfinite(weight))
        return "0";
    const char* scale = "";
    if (unit == unit::bytes) {
        static constexpr const char* kPrefixes[] = {"B", "kB", "MB", "GB", "TB"};
        size_t prefix = 0;
        while (prefix + 1 < std::size(kPrefixes) && std::fabs(weight) >= 1000) {
            weight /= 1000;
            ++prefix;
        }
        scale = kPrefixes[prefix];
    }
    double shown = std::fabs(weight);
    int decimals = shown >= 100 || shown == std::floor(shown) ? 0 : shown >= 10 ? 1 : 2;
    char text[48];
    if (unit == unit::bytes)
        std::snprintf(text, sizeof text, "%.*f %s", decimals, weight, scale);
    else if (weight == 1 && unit == unit::samples)
        std::snprintf(text, sizeof text, "1 sample");
    else
        std::snprintf(text, sizeof text, "%.*f %s", decimals, weight,
                      unit_symbol(unit).substr(0, 24).c_str());
    return text;
}

} // namespace framescope
