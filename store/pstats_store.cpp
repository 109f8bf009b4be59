// store_pstats writes a profile with three reused prepared statements inside one
// transaction: about a million edge rows a second, and nothing left behind on failure.

#include "store/pstats_store.h"

#include <charconv>
#include <optional>

namespace framescope {

namespace {

constexpr int kEdgeColumns = 9;
constexpr int kEdgesPerInsert = 64; // rows per INSERT: one statement step for many rows

// The rowid is written, not left to the database: PostgreSQL has no implicit one, and the
// writers' lock (Transaction) makes MAX(rowid) + 1 the start of a free run on both.
std::string edge_insert_sql(int rows) {
    std::string sql = "INSERT INTO edges (rowid, source_id, callee_id, caller_id, is_count, "
                      "calls, prim_calls, self_s, cumulative_s) VALUES ";
    for (int r = 0; r < rows; ++r)
        sql += r ? ",(?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?)";
    return sql;
}

struct EdgeRow {
    FunctionId callee;
    const CallerEdge* edge;
};

void bind_edge(Statement& insert, int row, int64_t rowid, SourceId id, const EdgeRow& r) {
    int at = row * kEdgeColumns;
    insert.bind(at + 1, rowid)
        .bind(at + 2, id)
        .bind(at + 3, int64_t(r.callee))
        .bind(at + 4, int64_t(r.edge->caller))
        .bind(at + 5, int64_t(r.edge->form == CallerForm::Count))
        .bind(at + 6, r.edge->calls)
        .bind(at + 7, r.edge->prim_calls)
        .bind(at + 8, r.edge->self_s)
        .bind(at + 9, r.edge->cumulative_s);
}

// A number in COPY's text format: the shortest text that reads back as the same value.
template <typename Number> void append_field(std::string& rows, Number value, char end) {
    char digits[32];
    rows.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
    rows += end;
}

// On PostgreSQL: the edges through COPY, about 100,000 rows (8 MB of text) at a time.
Status copy_edges(Database& db, SourceId id, const PstatsProfile& profile, int64_t rowid) {
    constexpr size_t kRowsPerCopy = 100'000;
    const std::string columns = "edges (rowid, source_id, callee_id, caller_id, is_count, calls, "
                                "prim_calls, self_s, cumulative_s)";
    std::string rows;
    size_t pending = 0;
    for (FunctionId f = 0; f < profile.function_count; ++f) {
        const CallerEdge* edges = profile.callers_of(f);
        for (size_t i = 0; i < profile.caller_count(f); ++i) {
            const CallerEdge& e = edges[i];
            append_field(rows, rowid++, '\t');
            append_field(rows, id, '\t');
            append_field(rows, int64_t(f), '\t');
            append_field(rows, int64_t(e.caller), '\t');
            append_field(rows, int64_t(e.form == CallerForm::Count), '\t');
            append_field(rows, e.calls, '\t');
            append_field(rows, e.prim_calls, '\t');
            append_field(rows, e.self_s, '\t');
            append_field(rows, e.cumulative_s, '\n');
            if (++pending < kRowsPerCopy)
                continue;
            if (Status s = db.copy_rows(columns, rows); !s)
                return s;
            rows.clear();
            pending = 0;
        }
    }
    return pending ? db.copy_rows(columns, rows) : Status(Ok{});
}

// Edges go as one run of rowids from `first_rowid`: on SQLite kEdgesPerInsert rows at a time,
// the rest one by one; on PostgreSQL through COPY.
Status insert_edges(Database& db, SourceId id, const PstatsProfile& profile, int64_t& first_rowid) {
    Result<Statement> next = db.prepare("SELECT COALESCE(MAX(rowid), 0) + 1 FROM edges");
    if (!next)
        return next.error();
    std::optional<Error> error;
    if (!next->step(error))
        return error ? *error : db.error("cannot find the next edge rowid");
    first_rowid = next->column_int(0);
    if (db.can_copy())
        return copy_edges(db, id, profile, first_rowid);
    Result<Statement> batch = db.prepare(edge_insert_sql(kEdgesPerInsert));
    Result<Statement> single = db.prepare(edge_insert_sql(1));
    if (!batch)
        return batch.error();
    if (!single)
        return single.error();
    EdgeRow pending[kEdgesPerInsert];
    int filled = 0;
    int64_t rowid = first_rowid;
    for (FunctionId f = 0; f < profile.function_count; ++f) {
        const CallerEdge* edges = profile.callers_of(f);
        for (size_t i = 0; i < profile.caller_count(f); ++i) {
            pending[filled++] = {f, &edges[i]};
            if (filled < kEdgesPerInsert)
                continue;
            for (int row = 0; row < filled; ++row)
                bind_edge(*batch, row, rowid++, id, pending[row]);
            if (Status s = batch->run(); !s)
                return s;
            filled = 0;
        }
    }
    for (int row = 0; row < filled; ++row) {
        bind_edge(*single, 0, rowid++, id, pending[row]);
        if (Status s = single->run(); !s)
            return s;
    }
    return Ok{};
}

} // namespace

Result<ImportOutcome> store_pstats(Database& db, const SourceContent& content,
                                   const PstatsProfile& profile) {
    Result<SourceImport> import = begin_import(db, content);
    if (!import)
        return import.error();
    if (import->stored)
        return ImportOutcome{*import->stored, true};
    const ProfileSource& source = profile.sources.front();
    Result<SourceId> inserted = insert_source(db, "pstats", source.path, content, source.mtime_s);
    if (!inserted)
        return inserted.error();
    SourceId id = *inserted;

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
        } else {
            for (int column = 6; column <= 9; ++column)
                insert_function->bind_null(column);
        }
        if (Status s = insert_function->run(); !s)
            return s.error();
    }

    int64_t first_edge = 0;
    if (Status s = insert_edges(db, id, profile, first_edge); !s)
        return s.error();

    Result<Statement> insert_profile = db.prepare(
        "INSERT INTO profiles (source_id, function_count, total_calls, total_prim_calls, "
        "total_self_s, first_edge, edge_count) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert_profile)
        return insert_profile.error();
    insert_profile->bind(1, id)
        .bind(2, int64_t(profile.function_count))
        .bind(3, profile.total_calls)
        .bind(4, profile.total_prim_calls)
        .bind(5, profile.total_self_s)
        .bind(6, first_edge)
        .bind(7, int64_t(profile.callers.size()));
    if (Status s = insert_profile->run(); !s)
        return s.error();
    if (Status s = import->transaction.commit(); !s)
        return s.error();
    return ImportOutcome{id, false};
}

Result<PstatsProfile> load_stored_pstats(Database& db, SourceId id) {
    PstatsProfile profile;
    std::optional<Error> error;

    Result<Statement> header =
        db.prepare("SELECT s.path, s.mtime_s, p.function_count, p.total_calls, p.total_prim_calls, "
                   "p.total_self_s, p.first_edge, p.edge_count FROM sources s "
                   "JOIN profiles p ON p.source_id = s.id WHERE s.id = ?");
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
    int64_t first_edge = header->column_int(6), edge_count = header->column_int(7);

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

    Result<Statement> edges =
        db.prepare("SELECT callee_id, caller_id, is_count, calls, prim_calls, self_s, cumulative_s "
                   "FROM edges WHERE rowid BETWEEN ? AND ? ORDER BY rowid");
    if (!edges)
        return edges.error();
    edges->bind(1, first_edge).bind(2, first_edge + edge_count - 1);
    profile.callers_begin.assign(profile.function_count + 1, 0);
    int64_t previous_callee = 0;
    while (edges->step(error)) {
        int64_t callee = edges->column_int(0), caller = edges->column_int(1);
        // Rows come grouped by callee, in ascending order: that is how they were appended.
        if (callee < previous_callee || size_t(callee) >= profile.function_count || caller < 0 ||
            size_t(caller) >= profile.keys.size())
            return Error{"stored profile @" + std::to_string(id) + " has a dangling edge",
                         db.path()};
        previous_callee = callee;
        profile.callers_begin[size_t(callee) + 1]++;
        profile.callers.push_back({FunctionId(caller),
                                   edges->column_int(2) ? CallerForm::Count : CallerForm::Tuple,
                                   edges->column_int(3), edges->column_int(4),
                                   edges->column_double(5), edges->column_double(6)});
    }
    if (error)
        return *error;
    if (int64_t(profile.callers.size()) != edge_count)
        return Error{"stored profile @" + std::to_string(id) + " is missing edges", db.path()};
    for (size_t f = 0; f < profile.function_count; ++f)
        profile.callers_begin[f + 1] += profile.callers_begin[f];
    return profile;
}

} // namespace framescope
