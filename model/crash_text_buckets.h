// Crash text bucketed as it is read: a file of a hundred thousand reports is read in parts on
// every core, each part a stream of reports into its own bucketer, merged in order; memory
// holds the buckets, never the whole text's parse.
#pragma once

#include <string>
#include <string_view>

#include "model/crash_buckets.h"

namespace framescope {

// The reports of `text` (valid UTF-8) into `bucketer`, named as coming from `file`; text
// with no report is one unparsed report. Returns whether any was a report it could read.
bool bucket_crash_text(std::string_view text, const std::string& file, CrashBucketer& bucketer);

} // namespace framescope
