// Loads a report bundle (recorder/BUNDLE-FORMAT.md) from its folder or packed archive.
// A bundle is read as it is at any moment of its session: a last line cut off by a crash
// or a kill is left out with a note, and a session with no end record gets its ending
// worked out from what the bundle holds. Anything else malformed is an error naming the
// member and line.
#pragma once

#include <string>

#include "core/error.h"
#include "loaders/bundle_files.h"
#include "loaders/report_bundle.h"

namespace framescope {

inline constexpr int kBundleFormatVersion = 1;

Result<ReportBundle> load_bundle(const std::string& path);
Result<ReportBundle> load_bundle(const BundleFiles& files);

} // namespace framescope
