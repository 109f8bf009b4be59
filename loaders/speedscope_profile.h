// speedscope's file format (https://www.speedscope.app/file-format-schema.json), as py-spy,
// pyinstrument, austin2speedscope and pyspeedscope write it: frames shared by every profile,
// and one or more profiles (a thread or process each) that are either
//   sampled: stacks of frame indices, the outermost first, each with a weight (1 if none);
//   evented: "O"pen and "C"lose events of frames at times "at": the time between two events
//            is on the stack open then, and each open-close pair is a timed call.
// Time units (seconds ... nanoseconds) are converted to the first profile's; "none" counts
// samples. A "C" of a frame that is not on top closes its innermost open instance; frames
// still open at the end close at endValue. Each profile is a thread, named by its "name".
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/profile_data.h"

namespace framescope {

Result<ProfileData> read_speedscope(std::string_view text, const std::string& file,
                                    LoadProgress* progress = nullptr);

} // namespace framescope
