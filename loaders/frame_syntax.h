// How the text formats write a frame, read into (function, file, line) once for all of them:
//   "name (file:line)" / "name (file)"  py-spy, flamegraph.pl's Python stacks, Austin 1 and 2
//   "file:name:line"                    Austin 3 and later (split from the right, so a Windows
//                                       drive letter stays in the file)
// Anything else is a function with no file ("process 1:\"python x.py\"", native "malloc").
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/string_pool.h"
#include "loaders/profile_data.h"

namespace framescope {

struct FrameText {
    std::string_view function;
    std::string_view file;
    int64_t line = 0; // 0 when the text has none
};

FrameText parse_frame_text(std::string_view text);

// Each distinct frame text of a file parsed once, as the frame of `data` it names. The texts
// are found in a flat table (a file of millions of frames holds some hundred thousand
// distinct ones, and a node-based map spends its time missing the cache on them).
class FrameTextIds {
  public:
    explicit FrameTextIds(ProfileData& data) : data_(data) {}
    FrameId operator()(std::string_view text) {
        StringId id = texts_.intern(text);
        if (id == frames_.size()) {
            FrameText parsed = parse_frame_text(text);
            frames_.push_back(data_.frame(parsed.function, parsed.file, parsed.line));
        }
        return frames_[id];
    }

  private:
    ProfileData& data_;
    StringPool texts_;
    std::vector<FrameId> frames_; // by text id
};

} // namespace framescope
