// How the text formats write a frame, read into (function, file, line) once for all of them:
//   "name (file:line)" / "name (file)"  py-spy, flamegraph.pl's Python stacks, Austin 1 and 2
//   "file:name:line"                    Austin 3 and later (split from the right, so a Windows
//                                       drive letter stays in the file)
// Anything else is a function with no file ("process 1:\"python x.py\"", native "malloc").
#pragma once

#include <cstdint>
#include <string_view>

namespace framescope {

struct FrameText {
    std::string_view function;
    std::string_view file;
    int64_t line = 0; // 0 when the text has none
};

FrameText parse_frame_text(std::string_view text);

} // namespace framescope
