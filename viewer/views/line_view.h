// line_profiler's view of a .lprof profile: each profiled function's source (read off the
// window's thread, or line numbers alone where the file is not on this machine) with its
// hits, time, time per hit and share of the function's time on every line it timed. The
// selected function opens; a function's header selects it.
#pragma once

#include <memory>
#include <vector>

#include "model/background_job.h"
#include "model/line_profile_text.h"
#include "viewer/viewer_state.h"

namespace framescope {

class LineView {
  public:
    // Whether `loaded` has line timings to show.
    static bool applies(const LoadedProfile& loaded);
    void draw(ViewerState& state);
    bool working() const { return reading_ != nullptr; }

  private:
    struct Shown {
        LprofFunction function;
        FunctionLines lines;
    };
    const LoadedProfile* shown_ = nullptr;
    std::unique_ptr<BackgroundJob<std::vector<Shown>>> reading_;
    std::vector<Shown> functions_;

    void draw_function(ViewerState& state, const Shown& shown);
};

} // namespace framescope
