// Sort keys as pstats.Stats.sort_arg_dict_default lists them, in its order: the order decides
// which abbreviations are ambiguous (get_sort_arg_defs drops every prefix shared by two keys).

#include "model/pstats_sort.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace framescope {
namespace {

struct SortKeyDefinition {
    const char* word;
    std::vector<SortColumn> columns;
    const char* description;
};

const std::vector<SortKeyDefinition>& sort_key_definitions() {
    using F = SortField;
    static const std::vector<SortKeyDefinition> defs = {
        {"calls", {{F::Calls, -1}}, "call count"},
        {"ncalls", {{F::Calls, -1}}, "call count"},
        {"cumtime", {{F::CumulativeTime, -1}}, "cumulative time"},
        {"cumulative", {{F::CumulativeTime, -1}}, "cumulative time"},
        {"filename", {{F::File, 1}}, "file name"},
        {"line", {{F::Line, 1}}, "line number"},
        {"module", {{F::File, 1}}, "file name"},
        {"name", {{F::Name, 1}}, "function name"},
        {"nfl", {{F::Name, 1}, {F::File, 1}, {F::Line, 1}}, "name/file/line"},
        {"pcalls", {{F::PrimCalls, -1}}, "primitive call count"},
        {"stdname", {{F::StdName, 1}}, "standard name"},
        {"time", {{F::SelfTime, -1}}, "internal time"},
        {"tottime", {{F::SelfTime, -1}}, "internal time"},
    };
    return defs;
}

// get_sort_arg_defs(): every prefix of every key, minus the prefixes that are ambiguous.
const std::map<std::string, const SortKeyDefinition*>& sort_abbreviations() {
    static const auto table = [] {
        std::map<std::string, const SortKeyDefinition*> dict;
        std::vector<std::string> ambiguous;
        for (const SortKeyDefinition& def : sort_key_definitions()) {
            for (std::string fragment = def.word; !fragment.empty(); fragment.pop_back()) {
                if (dict.count(fragment)) {
                    ambiguous.push_back(fragment);
                    break;
                }
                dict[fragment] = &def;
            }
        }
        for (const std::string& word : ambiguous)
            dict.erase(word);
        return dict;
    }();
    return table;
}

// A time column holding NaN, which compares equal to everything: the order is then only the
// stable sort's, which a partial sort cannot reproduce.
bool sorts_on_nan(const PstatsProfile& profile, const SortOrder& order) {
    auto has_nan = [](const std::vector<double>& column) {
        return std::any_of(column.begin(), column.end(), [](double x) { return std::isnan(x); });
    };
    for (const SortColumn& column : order.columns)
        if ((column.field == SortField::SelfTime && has_nan(profile.self_s)) ||
            (column.field == SortField::CumulativeTime && has_nan(profile.cumulative_s)))
            return true;
    return false;
}

} // namespace

Result<SortOrder> parse_sort_order(std::span<const std::string> words) {
    static const std::map<std::string, std::string> legacy = {
        {"-1", "stdname"}, {"0", "calls"}, {"1", "time"}, {"2", "cumulative"}};
    std::vector<std::string> keys(words.begin(), words.end());
    if (keys.size() == 1 && legacy.count(keys[0]))
        keys[0] = legacy.at(keys[0]);

    SortOrder order;
    for (const std::string& word : keys) {
        auto it = sort_abbreviations().find(word);
        if (it == sort_abbreviations().end()) {
            std::string valid;
            for (const SortKeyDefinition& def : sort_key_definitions())
                valid += std::string(valid.empty() ? "" : ", ") + def.word;
            return Error::plain("unknown sort key '" + word + "' (valid: " + valid +
                                ", or a unique prefix of one)");
        }
        const SortKeyDefinition& def = *it->second;
        order.columns.insert(order.columns.end(), def.columns.begin(), def.columns.end());
        order.description += (order.description.empty() ? "" : ", ") + std::string(def.description);
    }
    return order;
}

std::vector<FunctionId> sort_functions(const PstatsProfile& profile, const SortOrder& order,
                                       size_t leading) {
    std::vector<FunctionId> ids(profile.function_count);
    std::iota(ids.begin(), ids.end(), FunctionId(0));
    std::vector<std::string> labels; // only built when sorting by standard name
    for (const SortColumn& column : order.columns)
        if (column.field == SortField::StdName && labels.empty())
            for (FunctionId f = 0; f < profile.function_count; ++f)
                labels.push_back(function_label(profile, f));

    // Python's TupleComp: the first column that differs decides; NaN compares equal.
    auto compare = [&](FunctionId a, FunctionId b, const SortColumn& c) -> int {
        auto cmp = [](const auto& l, const auto& r) { return l < r ? -1 : (r < l ? 1 : 0); };
        switch (c.field) {
        case SortField::PrimCalls:
            return cmp(profile.prim_calls[a], profile.prim_calls[b]);
        case SortField::Calls:
            return cmp(profile.calls[a], profile.calls[b]);
        case SortField::SelfTime:
            return cmp(profile.self_s[a], profile.self_s[b]);
        case SortField::CumulativeTime:
            return cmp(profile.cumulative_s[a], profile.cumulative_s[b]);
        case SortField::File:
            return cmp(profile.file(a), profile.file(b));
        case SortField::Line:
            return cmp(profile.line(a), profile.line(b));
        case SortField::Name:
            return cmp(profile.name(a), profile.name(b));
        case SortField::StdName:
            return cmp(labels[a], labels[b]);
        }
        return 0;
    };
    auto before = [&](FunctionId a, FunctionId b) {
        for (const SortColumn& column : order.columns)
            if (int c = compare(a, b, column); c != 0)
                return c * column.direction < 0;
        return false;
    };
    if (leading < ids.size() && !sorts_on_nan(profile, order)) {
        // Ties broken by dict order give the stable sort's order, so its first `leading` too.
        std::partial_sort(
            ids.begin(), ids.begin() + ptrdiff_t(leading), ids.end(),
            [&](FunctionId a, FunctionId b) { return before(a, b) || (!before(b, a) && a < b); });
    } else {
        std::stable_sort(ids.begin(), ids.end(), before);
    }
    return ids;
}

} // namespace framescope
