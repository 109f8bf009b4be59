// Combining profiles the way Python's pstats does: Stats(a, b, c) (merge) and strip_dirs().
// Both keep Python's dict order and float arithmetic, so reports on the result match Python's.
#pragma once

#include <vector>

#include "core/error.h"
#include "loaders/pstats_profile.h"

namespace framescope {

// Stats(first, *rest): the first profile, then the rest added in reverse order, as
// Stats.__init__ calls add(*rest) and add walks its arguments reversed.
Result<PstatsProfile> merge_profiles(std::vector<PstatsProfile> profiles);

// Stats.strip_dirs(): file names reduced to their base name; functions that then share a key
// are added together (a function's callers that collide keep the last one, as Python does).
Result<PstatsProfile> strip_dirs(const PstatsProfile& profile);

} // namespace framescope
