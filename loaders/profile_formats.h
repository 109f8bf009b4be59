// The one way a profile of any format is read: the sniffer names the format (input_kind),
// read_profile reads it. pstats comes back as its rows; every other format as ProfileData.
// Each format's reader is a file of its own beside this one.
#pragma once

#include <span>
#include <string>
#include <variant>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/profile_data.h"
#include "loaders/profile_format.h"
#include "loaders/pstats_profile.h"

namespace framescope {

using AnyProfile = std::variant<PstatsProfile, ProfileData>;

// `source` names the input in errors ("file:line: ..." or "file:0x1a: ...") and, for pstats,
// in the report headers. `progress`, if given, advances over the bytes and can cancel.
Result<AnyProfile> read_profile(ProfileFormat format, std::span<const uint8_t> bytes,
                                const ProfileSource& source, LoadProgress* progress = nullptr);

// The file at `path`, in whichever format its content is. A file that is not ours (an image,
// an executable) is refused as the sniffer says; other text is read as pstats, whose reader
// names the offset where it is not.
// `callers` says which of a pstats profile's caller edges to keep.
Result<AnyProfile> read_profile_file(const std::string& path, LoadProgress* progress = nullptr,
                                     CallerEdges callers = CallerEdges::all);

// The format of a profile held in memory (a bundle's profile): pstats unless its content says
// another, so that the pstats reader names what is wrong with bytes of no format.
ProfileFormat profile_format_of_bytes(std::span<const uint8_t> bytes);

} // namespace framescope
