// The timeline's time ruler, as arithmetic: where its ticks go for the time in view and the
// room a label needs, and how each tick reads, as time since the session started ("01:23.5")
// and as the time of day it was (UTC, from the session's start). Tested without a window.
#pragma once

#include <string>
#include <vector>

namespace framescope {

// The smallest round step (1-2-5 below a second, then 1, 2, 5, 10, 15, 30 s, the same in
// minutes, then hours) that keeps ticks at least `min_spacing_px` apart.
double ruler_step_s(double visible_s, float width_px, float min_spacing_px);

// The multiples of `step_s` in [start_s, end_s].
std::vector<double> ruler_ticks(double start_s, double end_s, double step_s);

// "mm:ss" ("h:mm:ss" past an hour), with as many decimals as the step needs.
std::string format_session_time(double seconds, double step_s);

// "hh:mm:ss" of the day in UTC, with as many decimals as the step needs.
std::string format_time_of_day(double unix_seconds, double step_s);

} // namespace framescope
