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

// Whether a .zip or .tar.gz (by content, whatever its name) holds a bundle's session.json,
// at its top or in one folder. Reads the members' headers only, at most `max_entries`.
bool archive_holds_session(const std::string& path, size_t max_entries = 10000);

// Reads every file of the bundle. Archives are bounded (each member and the whole), so a
// hostile one fails with an error rather than filling memory.
Result<BundleFiles> read_bundle_files(const std::string& path);

} // namespace framescope
