// The sources table: every import starts here. Shared by the profile and session stores.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace framescope {

using SourceId = int64_t;

// What identifies a source's content: the same bytes are stored once.
struct SourceContent {
    std::string sha256;
    uint64_t size_bytes;
};
SourceContent content_of(std::span<const uint8_t> bytes);

// The start of every import: its transaction, and the source that already holds these
// bytes, if any (then there is nothing to write).
struct SourceImport {
    Transaction transaction;
    std::optional<SourceId> stored;
};
Result<SourceImport> begin_import(Database& db, const SourceContent& content);

Result<SourceId> insert_source(Database& db, const char* kind, const std::string& path,
                               const SourceContent& content, int64_t mtime_s);

// What the store holds, one line per source, oldest first.
struct StoredSource {
    SourceId id;
    std::string kind;
    std::string path;
    std::string sha256;
    int64_t size_bytes;
    int64_t imported_at_s;
    int64_t item_count; // a profile's functions, a session's frames
};

Result<std::vector<StoredSource>> list_sources(Database& db);

// The newest source's id, 0 for an empty store: a cheap query that says the store answers.
Result<SourceId> last_source_id(Database& db);

// The kind of stored source `id` ("pstats", "bundle", ...); an error naming it if none.
Result<std::string> stored_source_kind(Database& db, SourceId id);

} // namespace framescope
