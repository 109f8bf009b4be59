// Turns the profile arguments of a command (paths, or @ID for a stored profile) into one
// profile, merged as pstats.Stats(*args) merges them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/pstats_profile.h"

namespace framescope {

Result<PstatsProfile> load_profile_arguments(const std::vector<std::string>& inputs,
                                             const std::optional<std::string>& db_path,
                                             CallerEdges callers = CallerEdges::all);

} // namespace framescope
