// What the views call a function: its name first, then where it is in short, the path inside
// its package or the application (code_origin's display_name) and its line: "update
// game/world.py:88" where pstats prints "/opt/app/lib/python3.11/site-packages/game/world.py:
// 88(update)". pstats' own label (function_label) stays for what prints as pstats does and
// for tooltips. Built once per profile, off the window's thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "loaders/pstats_profile.h"

namespace framescope {

class FunctionNames {
  public:
    FunctionNames() = default;
    explicit FunctionNames(const PstatsProfile& profile); // one display_name per distinct file

    // "game/world.py:88", or with `strip_dirs` "world.py:88"; empty for built-ins.
    std::string_view place(FunctionId f, bool strip_dirs = false) const;
    // "update  game/world.py:88": the name, two spaces, the place.
    std::string label(const PstatsProfile& profile, FunctionId f, bool strip_dirs = false) const;

  private:
    // Every function's place, one after another (a string each would cost twice as much in a
    // profile of millions): f's is text_[begin_[f] .. begin_[f + 1]).
    std::string text_;
    std::vector<size_t> begin_;
    std::vector<uint32_t> base_at_; // where in the place its file's base name starts
};

// Seconds as people read them: "1.25 s", "12.3 ms", "850 µs", "42 ns", three significant
// digits; "0" for none.
std::string format_duration(double seconds);

// A weight in a profile's unit as people read it: durations as format_duration shows them,
// counts with three significant digits and their unit ("1520 samples", "3.25 MB" for bytes).
std::string format_weight(double weight, std::string_view unit);

} // namespace framescope
