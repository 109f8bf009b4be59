#include "store/session_summary_rows.h"

#include <algorithm>
#include <unordered_map>

#include "store/crash_report_rows.h"
#include "store/session_rows.h"

namespace framescope {
namespace {

// Runs `sql` over every row and hands each to `read`.
template <typename Read> Status scan(Database& db, const char* sql, Read read) {
    Result<Statement> query = db.prepare(sql);
    if (!query)
        return query.error();
    std::optional<Error> error;
    while (query->step(error))
        read(*query);
    return error ? Status(*error) : Status(Ok{});
}

} // namespace

Status store_session_summary(Database& db, SourceId id, const StoredSessionSummary& summary) {
    Result<Transaction> transaction = Transaction::begin(db);
    if (!transaction)
        return transaction.error();
    Result<Statement> remove = db.prepare("DELETE FROM session_stalls WHERE source_id = ?");
    if (!remove)
        return remove.error();
    if (Status s = remove->bind(1, id).run(); !s)
        return s;
    Result<Statement> insert =
        db.prepare("INSERT INTO session_summaries VALUES (?, ?) ON CONFLICT (source_id) "
                   "DO UPDATE SET length_s = excluded.length_s");
    if (!insert)
        return insert.error();
    if (Status s = insert->bind(1, id).bind(2, summary.length_s).run(); !s)
        return s;
    if (Status s =
            insert_rows(db, "INSERT INTO session_stalls VALUES (?,?,?,?,?,?,?)", id, summary.stalls,
                        [](Statement& row, const StoredStall& stall) {
                            row.bind(3, std::string_view(stall.signature))
                                .bind(4, std::string_view(stall.kind))
                                .bind(5, std::string_view(stall.stack))
                                .bind(6, stall.duration_s)
                                .bind(7, int64_t(stall.unfinished));
                        });
        !s)
        return s;
    return transaction->commit();
}

Result<std::vector<SessionOverviewRow>> read_session_overview_rows(Database& db) {
    std::vector<SessionOverviewRow> rows;
    std::unordered_map<SourceId, size_t> row_of;
    Status read = scan(db,
                       (std::string("SELECT ") + kSessionHeaderColumns +
                        ", s.id FROM sources s JOIN sessions ON source_id = s.id ORDER BY s.id")
                           .c_str(),
                       [&](Statement& h) {
                           SessionOverviewRow row;
                           read_session_header(h, row.session);
                           row.id = h.column_int(20);
                           row_of.emplace(row.id, rows.size());
                           rows.push_back(std::move(row));
                       });
    auto session_of = [&](SourceId id) -> SessionOverviewRow* {
        auto at = row_of.find(id);
        return at == row_of.end() ? nullptr : &rows[at->second];
    };
    if (read)
        read = scan(db,
                    "SELECT source_id, time_s, kind, thread, file FROM crashes ORDER BY "
                    "source_id, id",
                    [&](Statement& row) {
                        if (SessionOverviewRow* r = session_of(row.column_int(0)))
                            r->session.crashes.push_back({row.column_double(1),
                                                          std::string(row.column_text(2)),
                                                          std::string(row.column_text(3)),
                                                          std::string(row.column_text(4)),
                                                          {},
                                                          {}});
                    });
    if (read)
        read = read_stored_crash_reports(
            db, std::nullopt, [&](SourceId id, int64_t record, CrashReport&& report) {
                if (SessionOverviewRow* r = session_of(id))
                    place_crash_report(r->session, record, std::move(report));
            });
    if (read)
        read = scan(db, "SELECT source_id, length_s FROM session_summaries", [&](Statement& row) {
            if (SessionOverviewRow* r = session_of(row.column_int(0)))
                r->summary = StoredSessionSummary{row.column_double(1), {}};
        });
    if (read)
        read = scan(db,
                    "SELECT source_id, signature, kind, stack, duration_s, unfinished FROM "
                    "session_stalls ORDER BY source_id, id",
                    [&](Statement& row) {
                        SessionOverviewRow* r = session_of(row.column_int(0));
                        if (!r || !r->summary)
                            return;
                        r->summary->stalls.push_back(
                            {std::string(row.column_text(1)), std::string(row.column_text(2)),
                             std::string(row.column_text(3)), row.column_double(4),
                             row.column_int(5) != 0});
                    });
    if (!read)
        return read.error();
    return rows;
}

} // namespace framescope
