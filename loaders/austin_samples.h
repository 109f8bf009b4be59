// Austin's output, versions 1 to 4: "# key: value" metadata lines (anywhere in the file), and
// sample lines "P<pid>;T<tid>;frame;...;frame METRIC", the outermost frame first. Frames are
// "file:function:line" (Austin 3 and later) or "function (file)" followed by a field
// "L<line>" (Austin 1 and 2). METRIC is the first of its comma-separated numbers (full mode
// writes time and memory); a line with no frame is time outside Python code, in the total
// only. The unit is microseconds, or bytes in memory mode. Each (process, thread) is a thread.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/profile_data.h"

namespace framescope {

// `text`: valid UTF-8. A line that is no sample is an error naming its line.
Result<ProfileData> read_austin_samples(std::string_view text, const std::string& file,
                                        LoadProgress* progress = nullptr);

} // namespace framescope
