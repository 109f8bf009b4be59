// The files of a report bundle, read from its folder or from the .zip or .tar.gz it was
// packed into for sending. Packed bundles hold the folder, or its files at the top.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/file_bytes.h"

namespace framescope {

// One file of a bundle: in a folder, the file mapped where it lies (a one-hour session's
// samples are tens of MB, and a copy would cost as much again in fresh pages); from an
// archive, its unpacked bytes.
class BundleMember {
  public:
    BundleMember() = default;
    BundleMember(std::string unpacked) : unpacked_(std::move(unpacked)) {}
    explicit BundleMember(FileBytes mapped) : mapped_(std::move(mapped)), is_mapped_(true) {}

    std::string_view text() const {
        if (!is_mapped_)
            return unpacked_;
        std::span<const uint8_t> bytes = mapped_.bytes();
        return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    }

  private:
    std::string unpacked_;
    FileBytes mapped_;
    bool is_mapped_ = false;
};

struct BundleFiles {
    std::string source;                          // the folder or archive, as given
    std::map<std::string, BundleMember> members; // file name -> content

    std::optional<std::string_view> find(std::string_view name) const;
};

// Whether a .zip or .tar.gz (by content, whatever its name) holds a bundle's session.json,
// at its top or in one folder. Reads the members' headers only, at most `max_entries`.
bool archive_holds_session(const std::string& path, size_t max_entries = 10000);

// How much a bundle may unpack to. The defaults suit files a user names; a server that
// reads what strangers send passes tighter ones, so a zip bomb costs it little.
struct BundleLimits {
    uint64_t max_member_bytes = 512ull << 20; // one file, unpacked
    uint64_t max_total_bytes = 1ull << 30;    // all files, unpacked
    size_t max_entries = 100000;              // archive entries read, kept or not
};

// Reads every file of the bundle. Archives are bounded by `limits`, so a hostile one fails
// with an error rather than filling memory, and a member whose path leaves the bundle
// ("../x", "/x") makes the whole archive an error rather than being read as a bundle file.
Result<BundleFiles> read_bundle_files(const std::string& path, const BundleLimits& limits = {});

} // namespace framescope
