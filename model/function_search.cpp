#include "model/function_search.h"

#include <algorithm>
#include <optional>

#include "core/python_regex.h"

namespace framescope {

Result<FunctionSearch> search_functions(const PstatsProfile& profile, const std::string& text,
                                        bool is_regex, LoadProgress* progress) {
    FunctionSearch search;
    search.text = text;
    search.is_regex = is_regex;
    if (text.empty())
        return search;
    std::optional<PythonRegex> pattern;
    if (is_regex) {
        Result<PythonRegex> compiled = PythonRegex::compile(text, true);
        if (!compiled) {
            search.error = compiled.error().to_string();
            return search;
        }
        pattern = std::move(*compiled);
    }
    // Plain text ignores case too: "collide" finds Collide.
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
        return s;
    };
    const std::string needle = lower(text);
    if (progress)
        progress->total = profile.function_count;
    search.matches.assign(profile.function_count, false);
    double matched_s = 0;
    for (FunctionId f = 0; f < profile.function_count; ++f) {
        if (progress && f % 1024 == 0) {
            if (progress->cancel)
                return Error::plain("cancelled");
            progress->done = f;
        }
        std::string label = function_label(profile, f);
        bool found = false;
        if (pattern) {
            PythonRegex::Match match = pattern->search(label);
            search.gave_up += match == PythonRegex::Match::gave_up;
            found = match == PythonRegex::Match::yes;
        } else {
            found = lower(label).find(needle) != std::string::npos;
        }
        if (found) {
            search.matches[f] = true;
            search.ordered.push_back(f);
            matched_s += profile.self_s[f];
        }
    }
    std::stable_sort(search.ordered.begin(), search.ordered.end(), [&](FunctionId a, FunctionId b) {
        return profile.cumulative_s[a] > profile.cumulative_s[b];
    });
    search.share = profile.total_self_s > 0 ? matched_s / profile.total_self_s : 0;
    return search;
}

FunctionSearchJob::FunctionSearchJob(std::shared_ptr<const PstatsProfile> profile, std::string text,
                                     bool is_regex)
    : BackgroundJob([profile = std::move(profile), text = std::move(text), is_regex](
                        LoadProgress& progress) -> Result<std::shared_ptr<const FunctionSearch>> {
          Result<FunctionSearch> search = search_functions(*profile, text, is_regex, &progress);
          if (!search)
              return search.error();
          return std::make_shared<const FunctionSearch>(std::move(*search));
      }) {}

std::optional<FunctionId> find_function(const PstatsProfile& profile, std::string_view name) {
    std::optional<FunctionId> best;
    for (int pass = 0; pass < 2 && !best; ++pass) // an exact name first, then any label
        for (FunctionId f = 0; f < profile.function_count; ++f) {
            bool match = pass == 0 ? profile.name(f) == name
                                   : function_label(profile, f).find(name) != std::string::npos;
            if (match && (!best || profile.cumulative_s[f] > profile.cumulative_s[*best]))
                best = f;
        }
    return best;
}

} // namespace framescope
