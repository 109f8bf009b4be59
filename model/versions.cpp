#include "model/versions.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace framescope {
namespace {

// "CPython 3.12.1" -> {"CPython", "3.12.1"}.
std::pair<std::string, std::string> split_label(const std::string& label) {
    size_t space = label.rfind(' ');
    if (space == std::string::npos)
        return {label, ""};
    return {label.substr(0, space), label.substr(space + 1)};
}

void add_once(std::vector<std::string>& out, const std::string& item) {
    if (std::find(out.begin(), out.end(), item) == out.end())
        out.push_back(item);
}

} // namespace

bool version_before(const std::string& a, const std::string& b) {
    std::string_view x = a, y = b;
    while (!x.empty() && !y.empty()) {
        uint64_t m = 0, n = 0;
        auto [px, ex] = std::from_chars(x.data(), x.data() + x.size(), m);
        auto [py, ey] = std::from_chars(y.data(), y.data() + y.size(), n);
        if (ex != std::errc() || ey != std::errc())
            return x < y; // not numbers: as text
        if (m != n)
            return m < n;
        x.remove_prefix(size_t(px - x.data()));
        y.remove_prefix(size_t(py - y.data()));
        if (!x.empty() && !y.empty() && x[0] != y[0])
            return x < y;
        if (!x.empty())
            x.remove_prefix(1);
        if (!y.empty())
            y.remove_prefix(1);
    }
    return x.empty() && !y.empty();
}

std::string interpreter_label(std::string_view interpreter, std::string_view python_version) {
    std::string name = interpreter == "cpython" ? "CPython"
                       : interpreter == "pypy"  ? "PyPy"
                                                : std::string(interpreter);
    if (name.empty() && !python_version.empty())
        name = "Python";
    if (python_version.empty())
        return name;
    return name + " " + std::string(python_version);
}

bool interpreter_before(const std::string& a, const std::string& b) {
    auto [a_name, a_version] = split_label(a);
    auto [b_name, b_version] = split_label(b);
    if (a_name != b_name)
        return a_name < b_name;
    return version_before(a_version, b_version);
}

std::vector<std::string> first_of_each_interpreter(const std::vector<std::string>& sorted) {
    std::vector<std::string> firsts;
    for (const std::string& label : sorted)
        if (firsts.empty() || split_label(firsts.back()).first != split_label(label).first)
            firsts.push_back(label);
    return firsts;
}

std::vector<std::string> versions_before_first(const std::vector<std::string>& seen,
                                               const std::vector<std::string>& all) {
    std::vector<std::string> older;
    if (seen.empty())
        return older;
    for (const std::string& version : all)
        if (version_before(version, seen.front()))
            add_once(older, version);
    std::sort(older.begin(), older.end(), version_before);
    return older;
}

std::vector<std::string> interpreters_before_first(const std::vector<std::string>& seen,
                                                   const std::vector<std::string>& all) {
    std::vector<std::string> older;
    for (const std::string& label : all) {
        auto [name, version] = split_label(label);
        auto first = std::find_if(seen.begin(), seen.end(), [&](const std::string& s) {
            return split_label(s).first == name;
        });
        if (first != seen.end() && !version.empty() &&
            version_before(version, split_label(*first).second))
            add_once(older, label);
    }
    std::sort(older.begin(), older.end(), interpreter_before);
    return older;
}

} // namespace framescope
