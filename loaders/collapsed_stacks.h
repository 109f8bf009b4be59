// Collapsed (folded) stacks: one line per distinct stack, "frame;frame;...;frame COUNT", the
// outermost frame first, as flamegraph.pl's stackcollapse scripts, py-spy --format raw,
// pylaprof and Python's profiling.sampling write them. Blank lines and "#" comments are
// skipped; an empty stack (py-spy's " 2": samples with no Python frame) counts in the total
// only. Frames are read by frame_syntax. The unit is samples.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/file_bytes.h"
#include "core/load_progress.h"
#include "loaders/profile_data.h"

namespace framescope {

// `text`: valid UTF-8. A line that is no folded stack is an error naming its line.
// `mapped`, if given, is the file `text` lies in, let go of as it is read.
Result<ProfileData> read_collapsed_stacks(std::string_view text, const std::string& file,
                                          LoadProgress* progress = nullptr,
                                          const FileBytes* mapped = nullptr);

} // namespace framescope
