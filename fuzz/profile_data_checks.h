// What every reader of a profile format promises of the ProfileData it returns, checked by
// the fuzz targets of the readers: the views and the model index by these without checking.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "loaders/profile_formats.h"

namespace framescope {

inline void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

inline void check_profile_data(const ProfileData& data) {
    require(!data.unit.empty(), "a profile has a unit");
    for (const ProfileFrame& frame : data.frames)
        require(frame.function < data.strings.size() && frame.file < data.strings.size(),
                "a frame's names exist");
    for (FrameId frame : data.stack_frames)
        require(frame < data.frames.size(), "a stack's frames exist");
    for (const SampledStack& stack : data.stacks) {
        require(stack.frame_count > 0, "an empty stack is frameless weight");
        require(size_t(stack.first_frame) + stack.frame_count <= data.stack_frames.size(),
                "a stack's frames are in stack_frames");
        require(stack.thread < data.threads.size(), "a stack's thread exists");
    }
    for (const TimedCall& call : data.calls) {
        require(call.frame < data.frames.size() && call.thread < data.threads.size(),
                "a call's frame and thread exist");
        require(!(call.end < call.begin), "a call ends after it begins");
    }
    for (const FunctionRow& row : data.functions)
        require(row.frame < data.frames.size(), "a row's frame exists");
    for (const CallEdgeRow& edge : data.edges)
        require(edge.caller < data.frames.size() && edge.callee < data.frames.size(),
                "an edge's ends exist");
}

// Reads `bytes` as `format`: either a profile that keeps the promises, or a one-line error
// that names the input.
inline void fuzz_profile_format(ProfileFormat format, const uint8_t* data, size_t size) {
    Result<AnyProfile> read = read_profile(format, std::span(data, size), {"input", 0});
    if (!read) {
        std::string line = read.error().to_string();
        require(line.starts_with("input") && line.find('\n') == std::string::npos,
                "an error is one line naming the input");
        return;
    }
    if (const auto* profile = std::get_if<ProfileData>(&*read))
        check_profile_data(*profile);
}

} // namespace framescope
