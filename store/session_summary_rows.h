// What the store overview reads of each stored session (schema version 4): its header, its
// crash reports and a summary of its frames and stalls, in a few scans of small rows however
// many sessions there are; frames and samples stay on disk.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/report_bundle.h"
#include "store/database.h"
#include "store/source_rows.h"

namespace framescope {

struct StoredStall {
    std::string signature;
    // The blocking stack, innermost first, one "file<TAB>line<TAB>function" per line (tabs
    // and line breaks in names are stored as spaces: the stack is shown, never matched).
    std::string stack;
    double duration_s = 0;
    bool unfinished = false;
};

struct StoredSessionSummary {
    double length_s = 0;
    std::vector<StoredStall> stalls;
};

// Writes (or replaces) the session's summary in one transaction.
Status store_session_summary(Database& db, SourceId id, const StoredSessionSummary& summary);

// A stored session as the overview needs it: `session` holds the header, the ending, the
// crash records (without their texts) with their reports, and the fatal error's reports;
// no frames, samples or strings.
struct SessionOverviewRow {
    SourceId id = 0;
    ReportBundle session;
    std::optional<StoredSessionSummary> summary; // none: not summarized yet
};

Result<std::vector<SessionOverviewRow>> read_session_overview_rows(Database& db);

} // namespace framescope
