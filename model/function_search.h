// The window's search over a profile's functions: plain text (a substring) or a regular
// expression in Python's syntax, ignoring case, on each function's pstats label
// ("file:line(name)"), so a search for a name, a module or a folder finds it. It says how
// many functions match and what share of the time they hold, and lists them most expensive
// first for next/previous. FunctionSearchJob runs it off the window's thread: a pattern that
// backtracks long never freezes the window, and the next keystroke cancels it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/load_progress.h"
#include "loaders/pstats_profile.h"
#include "model/background_job.h"

namespace framescope {

struct FunctionSearch {
    std::string text;
    bool is_regex = false;
    std::string error;               // a pattern that does not parse (yet): why
    std::vector<bool> matches;       // by function
    std::vector<FunctionId> ordered; // the matches, most total time first
    double share = 0;                // of all own time, what the matches hold
    size_t gave_up = 0;              // functions a runaway pattern gave up on

    // Nothing to search for, or a pattern not yet typed out: everything matches.
    bool matches_all() const { return text.empty() || !error.empty(); }
    bool match(FunctionId f) const { return matches_all() || (f < matches.size() && matches[f]); }
};

// The function a user names (--select, --frame-function): the one whose pstats name is `name`
// ("update"), else whose label holds it ("world.py:88(update)"), the most expensive of them;
// nullopt when none.
std::optional<FunctionId> find_function(const PstatsProfile& profile, std::string_view name);

// `progress`, where given, counts functions and is polled for a cancel.
Result<FunctionSearch> search_functions(const PstatsProfile& profile, const std::string& text,
                                        bool is_regex, LoadProgress* progress = nullptr);

class FunctionSearchJob : public BackgroundJob<std::shared_ptr<const FunctionSearch>> {
  public:
    // `profile` must outlive the job.
    FunctionSearchJob(std::shared_ptr<const PstatsProfile> profile, std::string text,
                      bool is_regex);
};

} // namespace framescope
