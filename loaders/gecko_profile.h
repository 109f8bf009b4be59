// The Firefox Profiler's JSON, as Python 3.15's profiling.sampling writes it (its "processed"
// format: per thread a stackTable of (frame, prefix) columns, a frameTable pointing into a
// funcTable of (name, fileName, lineNumber) string indices, strings in shared.stringArray or
// the thread's own stringArray, and samples of stack indices), and the Gecko profiler's own
// format (tables of rows with a "schema" naming the columns, location strings such as
// "name (file:line)" in the thread's stringTable). A sample counts 1 unless the samples have
// weights (weightType "samples", "tracing-ms" or "bytes"); a sample with no stack counts in
// the total only. Each thread is a thread; its stacks keep their exact paths.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/profile_data.h"

namespace framescope {

Result<ProfileData> read_gecko_profile(std::string_view text, const std::string& file,
                                       LoadProgress* progress = nullptr);

} // namespace framescope
