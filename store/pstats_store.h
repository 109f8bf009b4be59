// Profiles in the store: importing a parsed .pstats file (once per content hash, in one
// transaction) and reading it back as the same PstatsProfile.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/pstats_profile.h"
#include "store/database.h"
#include "store/source_rows.h"

namespace framescope {

struct ImportOutcome {
    SourceId source_id;
    bool already_stored; // the same bytes were imported before: nothing was written
};

// Stores `profile`, parsed from the bytes that `content` describes. (Callers hash the bytes
// themselves, so that hashing can overlap parsing.)
Result<ImportOutcome> store_pstats(Database& db, const SourceContent& content,
                                   const PstatsProfile& profile);

Result<PstatsProfile> load_stored_pstats(Database& db, SourceId id);

} // namespace framescope
