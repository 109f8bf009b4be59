#include "model/profile_diff.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_map>

#include "model/code_origin.h"

namespace framescope {
namespace {

// "<built-in method builtins.len>", PyPy's "<built-in function len>" -> "len"; the same for
// methods of built-in types, which both interpreters write as "<method 'x' of 'y' objects>".
std::string normalised_name(std::string_view name) {
    for (std::string_view prefix : {"<built-in method ", "<built-in function "}) {
        if (name.starts_with(prefix) && name.ends_with(">")) {
            name = name.substr(prefix.size(), name.size() - prefix.size() - 1);
            if (size_t dot = name.rfind('.'); dot != std::string_view::npos)
                name = name.substr(dot + 1);
            return std::string(name);
        }
    }
    return std::string(name);
}

std::string_view base_name(std::string_view file) {
    size_t slash = file.find_last_of("/\\");
    return slash == std::string_view::npos ? file : file.substr(slash + 1);
}

struct Key {
    std::string file, name;
    int64_t line;
    bool operator<(const Key& other) const {
        return std::tie(file, line, name) < std::tie(other.file, other.line, other.name);
    }
};

SideFigures figures_of(const PstatsProfile& p, FunctionId f, double scale) {
    if (f >= p.function_count)
        return {};
    return {p.calls[f], p.prim_calls[f], p.self_s[f] * scale, p.cumulative_s[f] * scale};
}

// Functions of `side` not yet matched, by a key; a key held by two of them is ambiguous.
template <typename KeyOf>
std::map<std::string, FunctionId> unique_unmatched(const PstatsProfile& p,
                                                   const std::vector<bool>& matched, KeyOf key_of) {
    std::map<std::string, FunctionId> unique;
    std::map<std::string, int> seen;
    for (FunctionId f = 0; f < p.function_count; ++f) {
        if (matched[f])
            continue;
        std::string key = key_of(p, f);
        if (++seen[key] == 1)
            unique[key] = f;
        else
            unique.erase(key);
    }
    return unique;
}

} // namespace

const char* to_string(MatchRule rule) {
    switch (rule) {
    case MatchRule::exact:
        return "exact";
    case MatchRule::same_file:
        return "same file name";
    case MatchRule::same_name:
        return "same name";
    case MatchRule::only_a:
        return "vanished";
    case MatchRule::only_b:
        return "new";
    }
    return "";
}

ProfileDiff diff_profiles(const PstatsProfile& a, const PstatsProfile& b, bool normalise) {
    ProfileDiff diff;
    diff.total_a_s = a.total_self_s;
    diff.total_b_s = b.total_self_s;
    diff.b_scale = normalise && b.total_self_s > 0 ? a.total_self_s / b.total_self_s : 1;
    std::vector<FunctionId> match_of_a(a.function_count, kNoMatch);
    std::vector<MatchRule> rule_of_a(a.function_count, MatchRule::only_a);
    std::vector<bool> matched_a(a.function_count, false), matched_b(b.function_count, false);

    // 1. Exact, inside the install.
    std::map<Key, FunctionId> exact_b;
    for (FunctionId f = 0; f < b.function_count; ++f)
        exact_b.emplace(Key{display_name(b.file(f)), normalised_name(b.name(f)), b.line(f)}, f);
    for (FunctionId f = 0; f < a.function_count; ++f) {
        auto found =
            exact_b.find(Key{display_name(a.file(f)), normalised_name(a.name(f)), a.line(f)});
        if (found != exact_b.end() && !matched_b[found->second]) {
            match_of_a[f] = found->second;
            rule_of_a[f] = MatchRule::exact;
            matched_a[f] = matched_b[found->second] = true;
        }
    }
    // 2. Same file name and function, 3. a name unique on both sides.
    auto match_unique = [&](auto key_of, MatchRule rule) {
        auto in_a = unique_unmatched(a, matched_a, key_of);
        auto in_b = unique_unmatched(b, matched_b, key_of);
        for (const auto& [key, f] : in_a) {
            auto found = in_b.find(key);
            if (found == in_b.end())
                continue;
            match_of_a[f] = found->second;
            rule_of_a[f] = rule;
            matched_a[f] = matched_b[found->second] = true;
        }
    };
    match_unique(
        [](const PstatsProfile& p, FunctionId f) {
            return std::string(base_name(p.file(f))) + '\x01' + normalised_name(p.name(f));
        },
        MatchRule::same_file);
    match_unique([](const PstatsProfile& p, FunctionId f) { return normalised_name(p.name(f)); },
                 MatchRule::same_name);

    diff.row_of_a.assign(a.function_count, kNoMatch);
    diff.row_of_b.assign(b.function_count, kNoMatch);
    auto add_row = [&](FunctionId fa, FunctionId fb, MatchRule rule) {
        DiffRow row;
        row.a = fa;
        row.b = fb;
        row.match = rule;
        if (fa != kNoMatch)
            row.in_a = figures_of(a, fa, 1);
        if (fb != kNoMatch)
            row.in_b = figures_of(b, fb, diff.b_scale);
        row.delta_tottime = row.in_b.tottime - row.in_a.tottime;
        row.delta_cumtime = row.in_b.cumtime - row.in_a.cumtime;
        row.relative_cumtime = fa == kNoMatch         ? std::numeric_limits<double>::infinity()
                               : fb == kNoMatch       ? -1
                               : row.in_a.cumtime > 0 ? row.delta_cumtime / row.in_a.cumtime
                                                      : 0;
        if (fa != kNoMatch)
            diff.row_of_a[fa] = uint32_t(diff.rows.size());
        if (fb != kNoMatch)
            diff.row_of_b[fb] = uint32_t(diff.rows.size());
        diff.rows.push_back(row);
    };
    for (FunctionId f = 0; f < a.function_count; ++f)
        add_row(f, match_of_a[f], rule_of_a[f]);
    for (FunctionId f = 0; f < b.function_count; ++f)
        if (!matched_b[f])
            add_row(kNoMatch, f, MatchRule::only_b);
    return diff;
}

bool sort_diff_rows(const PstatsProfile& a, const PstatsProfile& b, std::vector<DiffRow>& rows,
                    const std::string& key) {
    auto by = [&](auto value) {
        std::stable_sort(rows.begin(), rows.end(),
                         [&](const DiffRow& x, const DiffRow& y) { return value(x) > value(y); });
    };
    if (key == "delta")
        by([](const DiffRow& r) { return r.delta_tottime; });
    else if (key == "delta-cum")
        by([](const DiffRow& r) { return r.delta_cumtime; });
    else if (key == "relative")
        by([](const DiffRow& r) { return r.relative_cumtime; });
    else if (key == "tottime")
        by([](const DiffRow& r) { return r.in_b.tottime; });
    else if (key == "cumtime")
        by([](const DiffRow& r) { return r.in_b.cumtime; });
    else if (key == "calls")
        by([](const DiffRow& r) { return double(r.in_b.calls); });
    else if (key == "name")
        std::stable_sort(rows.begin(), rows.end(), [&](const DiffRow& x, const DiffRow& y) {
            auto name = [&](const DiffRow& r) {
                return r.b != kNoMatch ? b.name(r.b) : a.name(r.a);
            };
            return name(x) < name(y);
        });
    else
        return false;
    return true;
}

} // namespace framescope
