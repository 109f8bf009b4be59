// A session's crash reports as rows (schema version 3): written at import beside the crash
// texts, read back without parsing, so that re-bucketing reads rows. Sessions stored before
// version 3 have no such rows; their texts are parsed when they are read.
#pragma once

#include <functional>
#include <optional>

#include "core/error.h"
#include "loaders/report_bundle.h"
#include "store/database.h"
#include "store/source_rows.h"

namespace framescope {

Status insert_crash_reports(Database& db, SourceId id, const ReportBundle& session);

// Fills the reports of `session.crashes` and `session.fatal_reports`, whose texts are read.
Status read_crash_reports(Database& db, SourceId id, ReportBundle& session);

// The stored reports of one source (or of every source), in order: each with its source and
// its record (an index into the session's crashes; -1: the session's fatal error). A few
// scans however many sessions there are, for the store's overview.
using StoredReportSink = std::function<void(SourceId, int64_t record, CrashReport&&)>;
Status read_stored_crash_reports(Database& db, std::optional<SourceId> only,
                                 const StoredReportSink& each);

// The reports of a session stored before version 3, which has no rows of them: parsed from
// its crash texts now.
void parse_crash_texts(ReportBundle& session);

// Puts a report read back where `record` says it belongs in the session.
void place_crash_report(ReportBundle& session, int64_t record, CrashReport&& report);

} // namespace framescope
