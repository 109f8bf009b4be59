// The files of a report bundle, read from its folder or from the .zip or .tar.gz it was
// packed into for sending. Packed bundles hold the folder, or its files at the top.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/error.h"

namespace framescope {

struct BundleFiles {
    std::string source;                         // the folder or archive, as given
    std::map<std::string, std::string> members; // file name -> content

    const std::string* find(std::string_view name) const;
};

// A folder holding session.json, or a file named *.zip, *.tar.gz or *.tgz.
bool looks_like_bundle(const std::string& path);

// Reads every file of the bundle. Archives are bounded (each member and the whole), so a
// hostile one fails with an error rather than filling memory.
Result<BundleFiles> read_bundle_files(const std::string& path);

} // namespace framescope
