// store_pstats writes a profile with three reused prepared statements inside one
// transaction: about a million edge rows a second, and nothing left behind on failure.

#include "store/pstats_store.h"

#include <ctime>
#include <optional>

#include "core/sha256.h"

namespace framescope {

Result<ImportOutcome> store_pstats(Database& db, std::span<const uint8_t> bytes,
                                   const PstatsProfile& profile) {
    std::string hash = sha256_hex(bytes);
    Result<Transaction> tx = Transaction::begin(db);
    if (!tx)
        return tx.error();

    Result<Statement> existing = db.prepare("SELECT id FROM sources WHERE sha256 = ?");
    if (!existing)
        return existing.error();
    existing->bind(1, std::string_view(hash));
    std::optional<Error> error;
    if (existing->step(error))
        return ImportOutcome{existing->column_int(0), true};
    if (error)
        return *error;

    const ProfileSource& source = profile.sources.front();
    Result<Statement> insert_source = db.prepare(
        "INSERT INTO sources (kind, path, sha256, size_bytes, mtime_s, imported_at_s) "
        "VALUES ('pstats', ?, ?, ?, ?, ?)");
    if (!insert_source)
        return insert_source.error();
    insert_source->bind(1, std::string_view(source.path))
        .bind(2, std::string_view(hash))
        .bind(3, int64_t(bytes.size()))
        .bind(4, source.mtime_s)
        .bind(5, int64_t(std::time(nullptr)));
    if (Status s = insert_source->run(); !s)
        return s.error();
    SourceId id = sqlite3_last_insert_rowid(db.handle());

    Result<Statement> insert_profile = db.prepare(
        "INSERT INTO profiles (source_id, function_count, total_calls, total_prim_calls, "
        "total_self_s) VALUES (?, ?, ?, ?, ?)");
    if (!insert_profile)
        return insert_profile.error();
    insert_profile->bind(1, id)
        .bind(2, int64_t(profile.function_count))
        .bind(3, profile.total_calls)
        .bind(4, profile.total_prim_calls)
        .bind(5, profile.total_self_s);
    if (Status s = insert_profile->run(); !s)
        return s.error();

    Result<Statement> insert_function = db.prepare(
        "INSERT INTO functions (source_id, id, file, line, name, prim_calls, calls, self_s, "
        "cumulative_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert_function)
        return insert_function.error();
    for (FunctionId f = 0; f < profile.keys.size(); ++f) {
        insert_function->bind(1, id)
            .bind(2, int64_t(f))
            .bind(3, profile.file(f))
            .bind(4, profile.line(f))
            .bind(5, profile.name(f));
        if (f < profile.function_count) {
            insert_function->bind(6, profile.prim_calls[f])
                .bind(7, profile.calls[f])
                .bind(8, profile.self_s[f])
                .bind(9, profile.cumulative_s[f]);
        }
        if (Status s = insert_function->run(); !s)
            return s.error();
    }

    Result<Statement> insert_edge = db.prepare(
        "INSERT INTO edges (source_id, callee_id, position, caller_id, is_count, calls, "
        "prim_calls, self_s, cumulative_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert_edge)
        return insert_edge.error();
    for (FunctionId f = 0; f < profile.function_count; ++f) {
        const CallerEdge* edges = profile.callers_of(f);
        for (size_t i = 0; i < profile.caller_count(f); ++i) {
            const CallerEdge& e = edges[i];
            insert_edge->bind(1, id)
                .bind(2, int64_t(f))
                .bind(3, int64_t(i))
                .bind(4, int64_t(e.caller))
                .bind(5, int64_t(e.form == CallerForm::Count))
                .bind(6, e.calls)
                .bind(7, e.prim_calls)
                .bind(8, e.self_s)
                .bind(9, e.cumulative_s);
            if (Status s = insert_edge->run(); !s)
                return s.error();
        }
    }
    if (Status s = tx->commit(); !s)
        return s.error();
    return ImportOutcome{id, false};
}

Result<PstatsProfile> load_stored_pstats(Database& db, SourceId id) {
    PstatsProfile profile;
    std::optional<Error> error;

    Result<Statement> header = db.prepare(
        "SELECT s.path, s.mtime_s, p.function_count, p.total_calls, p.total_prim_calls, "
        "p.total_self_s FROM sources s JOIN profiles p ON p.source_id = s.id WHERE s.id = ?");
    if (!header)
        return header.error();
    header->bind(1, id);
    if (!header->step(error))
        return error ? *error : Error{"no stored profile @" + std::to_string(id), db.path()};
    profile.sources.push_back({std::string(header->column_text(0)), header->column_int(1)});
    profile.function_count = size_t(header->column_int(2));
    profile.total_calls = header->column_int(3);
    profile.total_prim_calls = header->column_int(4);
    profile.total_self_s = header->column_double(5);

    Result<Statement> functions = db.prepare(
        "SELECT file, line, name, prim_calls, calls, self_s, cumulative_s FROM functions "
        "WHERE source_id = ? ORDER BY id");
    if (!functions)
        return functions.error();
    functions->bind(1, id);
    while (functions->step(error)) {
        FunctionId f = FunctionId(profile.keys.size());
        profile.keys.push_back({functions->column_int(1),
                                profile.strings.intern(functions->column_text(0)),
                                profile.strings.intern(functions->column_text(2))});
        if (f < profile.function_count) {
            profile.prim_calls.push_back(functions->column_int(3));
            profile.calls.push_back(functions->column_int(4));
            profile.self_s.push_back(functions->column_double(5));
            profile.cumulative_s.push_back(functions->column_double(6));
        }
    }
    if (error)
        return *error;
    if (profile.calls.size() != profile.function_count)
        return Error{"stored profile @" + std::to_string(id) + " is incomplete", db.path()};

    Result<Statement> edges = db.prepare(
        "SELECT callee_id, caller_id, is_count, calls, prim_calls, self_s, cumulative_s "
        "FROM edges WHERE source_id = ? ORDER BY callee_id, position");
    if (!edges)
        return edges.error();
    edges->bind(1, id);
    profile.callers_begin.assign(profile.function_count + 1, 0);
    while (edges->step(error)) {
        int64_t callee = edges->column_int(0), caller = edges->column_int(1);
        if (callee < 0 || size_t(callee) >= profile.function_count || caller < 0 ||
            size_t(caller) >= profile.keys.size())
            return Error{"stored profile @" + std::to_string(id) + " has a dangling edge",
                         db.path()};
        profile.callers_begin[size_t(callee) + 1]++;
        profile.callers.push_back({FunctionId(caller),
                                   edges->column_int(2) ? CallerForm::Count : CallerForm::Tuple,
                                   edges->column_int(3), edges->column_int(4),
                                   edges->column_double(5), edges->column_double(6)});
    }
    if (error)
        return *error;
    for (size_t f = 0; f < profile.function_count; ++f)
        profile.callers_begin[f + 1] += profile.callers_begin[f];
    return profile;
}

Result<std::vector<StoredSource>> list_sources(Database& db) {
    Result<Statement> query = db.prepare(
        "SELECT s.id, s.kind, s.path, s.sha256, s.size_bytes, s.imported_at_s, "
        "COALESCE(p.function_count, 0) FROM sources s LEFT JOIN profiles p "
        "ON p.source_id = s.id ORDER BY s.id");
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

} // namespace framescope
