// Labels of pstats functions, formatted as Python's pstats.func_std_string does.

#include "loaders/pstats_profile.h"

namespace framescope {

CalleeLists::CalleeLists(const PstatsProfile& profile) : begin_(profile.keys.size() + 1, 0) {
    // Counted first, then each edge placed after the ones its caller already has.
    for (FunctionId f = 0; f < profile.function_count; ++f)
        for (size_t i = 0; i < profile.caller_count(f); ++i)
            ++begin_[profile.callers_of(f)[i].caller + 1];
    for (size_t k = 1; k < begin_.size(); ++k)
        begin_[k] += begin_[k - 1];
    refs_.resize(begin_.back());
    std::vector<uint32_t> placed(begin_.begin(), begin_.end() - 1);
    for (FunctionId f = 0; f < profile.function_count; ++f)
        for (size_t i = 0; i < profile.caller_count(f); ++i) {
            const CallerEdge& edge = profile.callers_of(f)[i];
            refs_[placed[edge.caller]++] = {f, &edge};
        }
}

std::string function_label(const PstatsProfile& profile, FunctionId f) {
    std::string_view file = profile.file(f);
    std::string_view name = profile.name(f);
    int64_t line = profile.line(f);
    if (file == "~" && line == 0) {
        if (name.size() >= 2 && name.front() == '<' && name.back() == '>')
            return "{" + std::string(name.substr(1, name.size() - 2)) + "}";
        return std::string(name);
    }
    std::string label;
    label.reserve(file.size() + name.size() + 24);
    label += file;
    label += ':';
    label += std::to_string(line);
    label += '(';
    label += name;
    label += ')';
    return label;
}

size_t utf8_length(std::string_view text) {
    size_t n = 0;
    for (char c : text)
        n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    return n;
}

} // namespace framescope
