// ProfileData: what every reader of a profile format other than pstats produces, in the
// format's own unit. One frame type for all of them; the model turns it into the views'
// profile (model/stack_profile_builder).
//
// - Sampled and evented formats (speedscope, collapsed, Austin, gecko) keep exact call paths:
//   `stacks`, each outermost frame first with the weight it stands for. Trace Event JSON's
//   paths are its `calls`, each below the open call one depth above it.
//   Weight recorded with no frame at all (py-spy's idle " 2" line, Austin's "P1;T1 21") is in
//   `frameless_weight`: part of the total, on no function.
// - Formats with timestamps also keep each call as it happened (`calls`): frame budgets and
//   timelines need when a call began and ended, not only how long it took.
// - Aggregated formats (callgrind) have no paths: `functions` with their own and inclusive
//   weight, and `edges` between caller and callee, as pstats has.
// - line_profiler has per-line timings of the functions it was told to watch: `lines`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/string_pool.h"
#include "loaders/profile_format.h"
#include "loaders/pstats_profile.h"

namespace framescope {

using FrameId = uint32_t;

// A function as a format names it. `line` is where the frame was when the format records
// that (py-spy's current line), else the function's first line; 0 when the format has none.
struct ProfileFrame {
    StringId function;
    StringId file; // empty when the format names no file (native code, torch operators)
    int64_t line;
};

// frames[first_frame .. first_frame + frame_count) of ProfileData::stack_frames.
struct SampledStack {
    uint32_t first_frame;
    uint32_t frame_count;
    uint32_t thread; // into ProfileData::threads
    double weight;
};

// One call of a frame, on a thread, in the format's unit from the profile's own origin.
struct TimedCall {
    FrameId frame;
    uint32_t thread;
    double begin;
    double end;
    uint32_t depth; // 0 for a call with no caller on its thread
};

struct FunctionRow {
    FrameId frame;
    double self;
    double inclusive;
    int64_t calls; // -1 when the format does not count calls
};

struct CallEdgeRow {
    FrameId caller;
    FrameId callee;
    int64_t calls;
    double inclusive; // the callee's inclusive weight on behalf of this caller
};

struct LineTiming {
    FrameId function; // the profiled function
    int64_t line;
    int64_t hits;
    double time; // in the profile's unit
};

struct ProfileData {
    ProfileFormat format = ProfileFormat::collapsed;
    std::string unit; // see profile_format.h
    StringPool strings;
    std::vector<ProfileFrame> frames;
    std::vector<std::string> threads = {""}; // thread 0 is the only one where none are named

    std::vector<FrameId> stack_frames; // every stack's frames, outermost first
    std::vector<SampledStack> stacks;
    double frameless_weight = 0;

    std::vector<TimedCall> calls; // by thread, then begin

    std::vector<FunctionRow> functions;
    std::vector<CallEdgeRow> edges;

    std::vector<LineTiming> lines;

    FrameId frame(std::string_view function, std::string_view file, int64_t line);
    // Appends a stack; an empty one adds its weight to frameless_weight.
    void add_stack(const std::vector<FrameId>& outermost_first, double weight, uint32_t thread = 0);
    uint32_t thread(std::string_view name);

    std::unordered_map<FunctionKey, FrameId, FunctionKeyHash> frame_ids; // for frame()
};

} // namespace framescope
