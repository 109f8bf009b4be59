// Report sessions in the store: a bundle or a stall trace imported once per content (one
// transaction; a failure leaves the database as it was), read back as the same ReportBundle.
// A bundle imported again after its session wrote more replaces the earlier import of that
// session (same app, process and start), so a session is never counted twice.
#pragma once

#include <vector>

#include "core/error.h"
#include "loaders/bundle_files.h"
#include "loaders/report_bundle.h"
#include "store/pstats_store.h"
#include "store/source_rows.h"

namespace framescope {

// A bundle's content: its members, by name, wherever they came from (a folder and the same
// folder packed hash the same).
SourceContent bundle_content(const BundleFiles& files);

// kind: "bundle" or "stall-trace".
Result<ImportOutcome> store_session(Database& db, const SourceContent& content, const char* kind,
                                    const ReportBundle& session, int64_t mtime_s);

Result<ReportBundle> load_stored_session(Database& db, SourceId id);

// What of every stored session load_all_stored_sessions reads.
enum class SessionParts {
    findings,           // all that findings read: not the profile, the log tail or the notes
    crashes_and_health, // the header, the ending, the frame times and the crashes with reports
};

// Every stored session, oldest import first, as load_stored_session reads it but for what
// `parts` leaves out: one query per table however many sessions there are.
Result<std::vector<ReportBundle>> load_all_stored_sessions(Database& db, SessionParts parts);

} // namespace framescope
