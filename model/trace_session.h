// A trace read per frame. A trace (Trace Event JSON from viztracer, ...) knows when every
// call began and ended, so once the user names the main loop's per-frame function (a game's
// `tick`, a GUI's `update`), each call of it is a frame: the trace becomes a session with a
// frame timeline against a budget, slow frames and their percentiles, and each frame's exact
// call tree. No sampling is involved: what a frame shows is what it called.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "loaders/profile_data.h"
#include "loaders/profile_format.h"
#include "loaders/report_bundle.h"
#include "model/load_job.h"
#include "model/stall_analysis.h"

namespace framescope {

// Whether a traced function is the one a user named: its name, or its last part after a
// dot (viztracer writes methods as "Game.tick").
bool is_named_function(std::string_view traced, std::string_view named);

// The frames are the calls of `frame_function` on the thread that calls it most, the
// outermost ones (a recursive call belongs to its frame). An error, listing the functions
// called most, when the profile has no timed calls of it.
Result<ReportBundle> trace_session(std::shared_ptr<const ProfileData> trace,
                                   std::string_view frame_function, const std::string& source);

// The formats whose files may know when each call began and ended: Trace Event JSON, and
// speedscope's evented profiles.
bool may_hold_timed_calls(ProfileFormat format);

// The file at `path`, read in its format, as trace_session makes it.
Result<ReportBundle> load_trace_session(const std::string& path, std::string_view frame_function);

// What frames [first, last] of a trace session ran, exactly, as a profile: each frame's call
// and everything under it; with `all_threads`, also the calls other threads began during
// them, each thread under a root named after it.
std::shared_ptr<LoadedProfile> profile_of_trace_frames(const ReportBundle& session, uint32_t first,
                                                       uint32_t last, bool all_threads,
                                                       const std::string& title);

// One call that a frame of a trace session ran: its own time and its whole time, in seconds,
// and whether a call of the same function is above it in the frame (so that recursion is
// counted once in a function's whole time).
struct FrameCall {
    const ProfileFrame& frame;
    double self_s = 0, total_s = 0;
    bool recursive = false;
};

// Each call frame `frame` of a trace session ran, the frame's own call first.
void for_each_frame_call(const ReportBundle& session, uint32_t frame,
                         const std::function<void(const FrameCall&)>& each);

// The path to the call that held a frame longest in its own code, innermost first.
std::vector<StackEntry> trace_frame_hot_path(const ReportBundle& session, uint32_t frame);

} // namespace framescope
