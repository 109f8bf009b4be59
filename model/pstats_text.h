// The text reports of Python's pstats.Stats: print_stats, print_callers and print_callees,
// byte for byte, for one (possibly merged, stripped) profile.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "loaders/pstats_profile.h"
#include "model/pstats_sort.h"

namespace framescope {

// One argument of print_stats(*amount): a line count, a fraction of the lines, or a regular
// expression that function labels must match. They apply in the order given.
struct Restriction {
    enum class Kind { Count, Fraction, Pattern };
    Kind kind;
    int64_t count = 0;
    double fraction = 0;
    std::string pattern;
    // Parses a command-line value: "30" is a count, "0.1" a fraction, anything else a pattern.
    static Restriction parse_amount(const std::string& text);
};

class PstatsText {
  public:
    // `order` is the result of sort_stats(); without it pstats lists functions in dict order.
    // `unit`: what the header says the total is in (other formats than pstats have theirs).
    PstatsText(const PstatsProfile& profile, std::optional<SortOrder> order,
               std::string_view unit = "seconds");

    std::string print_stats(const std::vector<Restriction>& amount);
    std::string print_callers(const std::vector<Restriction>& amount);
    std::string print_callees(const std::vector<Restriction>& amount);

  private:
    const PstatsProfile& profile_;
    std::optional<SortOrder> order_;
    std::string unit_;
    std::vector<std::string> labels_; // func_std_string of each key, built on first use

    const std::string& label(FunctionId f);
    size_t label_width(FunctionId f) const; // in code points, as Python's len() counts
    // get_print_list(): appends the "Ordered by" and restriction messages to `out` and
    // returns the functions to print with the name column's width.
    std::vector<FunctionId> print_list(const std::vector<Restriction>& amount, std::string& out,
                                       size_t& width);
    void call_heading(std::string& out, size_t width, const char* title) const;
    struct CallEntry {
        FunctionId other; // the caller (or callee) listed on the line
        const CallerEdge* edge;
    };
    void call_line(std::string& out, size_t width, FunctionId f, std::vector<CallEntry>& entries,
                   const char* arrow);
};

} // namespace framescope
