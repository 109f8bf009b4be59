// A main loop's profile read per frame. The per-frame function (a game's `update`, a GUI's
// `tick`) is called once a frame, so its calls count the frames, and every function's total
// divided by them is its cost per frame, to set against a frame budget (16.7 ms at 60 fps).
// The suggestion is the function called many times (ten or more) that holds most of the time
// that is not waiting, the outermost where a caller and its callee hold the same.
#pragma once

#include <optional>

#include "loaders/pstats_profile.h"
#include "model/idle_time.h"

namespace framescope {

inline constexpr double kDefaultBudgetMs = 1000.0 / 60;

std::optional<FunctionId> suggest_frame_function(const PstatsProfile& profile,
                                                 const std::optional<BusyProfile>& busy);

// Frames counted by the per-frame function: its primitive (non-recursive) calls.
inline double frames_of(const PstatsProfile& profile, FunctionId frame_function) {
    return double(profile.prim_calls[frame_function]);
}

// `seconds` of a profile spread over `frames`, in milliseconds a frame.
inline double ms_per_frame(double seconds, double frames) {
    return frames > 0 ? 1000 * seconds / frames : 0;
}

} // namespace framescope
