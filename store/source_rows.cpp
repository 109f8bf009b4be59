#include "store/source_rows.h"

#include <ctime>

#include "core/sha256.h"

namespace framescope {

SourceContent content_of(std::span<const uint8_t> bytes) {
    return {sha256_hex(bytes), bytes.size()};
}

Result<SourceImport> begin_import(Database& db, const SourceContent& content) {
    Result<Transaction> transaction = Transaction::begin(db);
    if (!transaction)
        return transaction.error();
    Result<Statement> existing = db.prepare("SELECT id FROM sources WHERE sha256 = ?");
    if (!existing)
        return existing.error();
    existing->bind(1, std::string_view(content.sha256));
    std::optional<Error> error;
    std::optional<SourceId> stored;
    if (existing->step(error))
        stored = existing->column_int(0);
    else if (error)
        return *error;
    return SourceImport{std::move(*transaction), stored};
}

Result<SourceId> insert_source(Database& db, const char* kind, const std::string& path,
                               const SourceContent& content, int64_t mtime_s) {
    Result<Statement> insert =
        db.prepare("INSERT INTO sources (kind, path, sha256, size_bytes, mtime_s, imported_at_s) "
                   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    if (!insert)
        return insert.error();
    insert->bind(1, std::string_view(kind))
        .bind(2, std::string_view(path))
        .bind(3, std::string_view(content.sha256))
        .bind(4, int64_t(content.size_bytes))
        .bind(5, mtime_s)
        .bind(6, int64_t(std::time(nullptr)));
    std::optional<Error> error;
    if (!insert->step(error))
        return error ? *error : db.error("a new source got no id");
    SourceId id = insert->column_int(0);
    insert->reset();
    return id;
}

Result<std::vector<StoredSource>> list_sources(Database& db) {
    Result<Statement> query = db.prepare(
        "SELECT s.id, s.kind, s.path, s.sha256, s.size_bytes, s.imported_at_s, "
        "COALESCE(p.function_count, n.frame_count, 0) FROM sources s LEFT JOIN profiles p "
        "ON p.source_id = s.id LEFT JOIN sessions n ON n.source_id = s.id ORDER BY s.id");
    if (!query)
        return query.error();
    std::vector<StoredSource> sources;
    std::optional<Error> error;
    while (query->step(error))
        sources.push_back({query->column_int(0), std::string(query->column_text(1)),
                           std::string(query->column_text(2)), std::string(query->column_text(3)),
                           query->column_int(4), query->column_int(5), query->column_int(6)});
    if (error)
        return *error;
    return sources;
}

Result<SourceId> last_source_id(Database& db) {
    Result<Statement> query = db.prepare("SELECT COALESCE(MAX(id), 0) FROM sources");
    if (!query)
        return query.error();
    std::optional<Error> error;
    SourceId last = query->step(error) ? query->column_int(0) : 0;
    if (error)
        return *error;
    return last;
}

Result<std::string> stored_source_kind(Database& db, SourceId id) {
    Result<Statement> query = db.prepare("SELECT kind FROM sources WHERE id = ?");
    if (!query)
        return query.error();
    query->bind(1, id);
    std::optional<Error> error;
    if (!query->step(error))
        return error ? *error : Error{"nothing stored as @" + std::to_string(id), db.path()};
    return std::string(query->column_text(0));
}

} // namespace framescope
