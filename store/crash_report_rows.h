// A session's crash reports as rows (schema version 3): written at import beside the crash
// texts, read back without parsing, so that re-bucketing reads rows. Sessions stored before
// version 3 have no such rows; their texts are parsed when they are read.
#pragma once

#include "core/error.h"
#include "loaders/report_bundle.h"
#include "store/database.h"
#include "store/source_rows.h"

namespace framescope {

Status insert_crash_reports(Database& db, SourceId id, const ReportBundle& session);

// Fills the reports of `session.crashes` and `session.fatal_reports`, whose texts are read.
Status read_crash_reports(Database& db, SourceId id, ReportBundle& session);

} // namespace framescope
