// Rows of a session's tables keyed by (source_id, id): writing a vector of them in id order
// and reading them back the same way. Shared by the session store and its crash reports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/report_bundle.h"
#include "store/database.h"
#include "store/source_rows.h"

namespace framescope {

// A session's header: its source's path and the sessions table's columns before its frame
// arrays (reading a later column of a row reads the arrays too), as columns 0 to 19 of a
// query over `sources s JOIN sessions`, read into `b` by read_session_header.
inline constexpr const char* kSessionHeaderColumns =
    "s.path, format_version, app, version, platform, interpreter, python_version, start, "
    "start_unix, pid, frame_budget_ms, slow_frame_ms, stall_ms, sample_interval_ms, status, hung, "
    "status_inferred, end_unix, has_frame_timings, approximate_lines";
void read_session_header(const Statement& row, ReportBundle& b);

// Runs `sql` once per element, binding (source_id, index) and then `bind(statement, element)`.
template <typename T, typename Bind>
Status insert_rows(Database& db, const char* sql, SourceId id, const std::vector<T>& rows,
                   Bind bind) {
    Result<Statement> insert = db.prepare(sql);
    if (!insert)
        return insert.error();
    for (size_t i = 0; i < rows.size(); ++i) {
        insert->bind(1, id).bind(2, int64_t(i));
        bind(*insert, rows[i]);
        if (Status s = insert->run(); !s)
            return s;
    }
    return Ok{};
}

// Runs `sql` (whose one parameter is the source id) and hands each row to `read`.
template <typename Read>
Status read_rows(Database& db, const std::string& sql, SourceId id, Read read) {
    Result<Statement> query = db.prepare(sql);
    if (!query)
        return query.error();
    query->bind(1, id);
    std::optional<Error> error;
    while (query->step(error))
        read(*query);
    if (error)
        return *error;
    return Ok{};
}

} // namespace framescope
