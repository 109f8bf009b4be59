// Profiles in the store: importing a parsed .pstats file (once per content hash, in one
// transaction), reading it back as the same PstatsProfile, and listing what is stored.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/pstats_profile.h"
#include "store/database.h"

namespace framescope {

using SourceId = int64_t;

struct ImportOutcome {
    SourceId source_id;
    bool already_stored; // the same bytes were imported before: nothing was written
};

// What identifies a source's content: the same bytes are stored once.
struct SourceContent {
    std::string sha256;
    uint64_t size_bytes;
};
SourceContent content_of(std::span<const uint8_t> bytes);

// Stores `profile`, parsed from the bytes that `content` describes. (Callers hash the bytes
// themselves, so that hashing can overlap parsing.)
Result<ImportOutcome> store_pstats(Database& db, const SourceContent& content,
                                   const PstatsProfile& profile);

Result<PstatsProfile> load_stored_pstats(Database& db, SourceId id);

struct StoredSource {
    SourceId id;
    std::string kind;
    std::string path;
    std::string sha256;
    int64_t size_bytes;
    int64_t imported_at_s;
    int64_t function_count; // for profiles
};

Result<std::vector<StoredSource>> list_sources(Database& db);

} // namespace framescope
