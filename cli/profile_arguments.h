// Turns the profile arguments of a command (paths, or @ID for a stored profile) into one
// profile, merged as pstats.Stats(*args) merges them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/profile_format.h"
#include "loaders/pstats_profile.h"

namespace framescope {

// The rows, with the unit their weights are in: seconds for pstats, the format's own else.
struct ProfileArguments {
    PstatsProfile profile;
    std::string unit;
};

Result<ProfileArguments> load_profile_arguments(const std::vector<std::string>& inputs,
                                                const std::optional<std::string>& db_path,
                                                CallerEdges callers = CallerEdges::all);

} // namespace framescope
