#include "model/frame_function.h"

#include <vector>

namespace framescope {
namespace {

constexpr int64_t kMinFrames = 10;
constexpr double kMinShare = 0.3; // of the time that is not waiting

bool calls(const PstatsProfile& profile, FunctionId caller, FunctionId callee) {
    for (size_t i = 0; i < profile.caller_count(callee); ++i)
        if (profile.callers_of(callee)[i].caller == caller)
            return true;
    return false;
}

} // namespace

std::optional<FunctionId> suggest_frame_function(const PstatsProfile& profile,
                                                 const std::optional<BusyProfile>& busy) {
    auto total_of = [&](FunctionId f) {
        return busy ? busy->cumulative_s[f] : profile.cumulative_s[f];
    };
    double work_s = busy ? busy->total_s : profile.total_self_s;
    std::vector<FunctionId> candidates;
    for (FunctionId f = 0; f < profile.function_count; ++f)
        if (profile.prim_calls[f] >= kMinFrames && profile.file(f) != "~" &&
            !(busy && busy->waiting[f]) && total_of(f) >= kMinShare * work_s)
            candidates.push_back(f);
    if (candidates.empty())
        return std::nullopt;
    FunctionId best = candidates.front();
    for (FunctionId f : candidates)
        if (total_of(f) > total_of(best))
            best = f;
    // A frame function and what it calls once a frame hold the same: the caller is the frame.
    for (bool moved = true; moved;) {
        moved = false;
        for (FunctionId f : candidates)
            if (f != best && total_of(f) >= 0.99 * total_of(best) && calls(profile, f, best)) {
                best = f;
                moved = true;
                break;
            }
    }
    return best;
}

} // namespace framescope
