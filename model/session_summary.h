// The summary the store keeps beside each session for its overview (store/session_summary_rows):
// its length and its stalls with their signatures, worked out once at import by the same
// rules as the session's own findings.
#pragma once

#include <vector>

#include "loaders/report_bundle.h"
#include "model/stall_analysis.h"
#include "store/session_summary_rows.h"

namespace framescope {

StoredSessionSummary summarize_session(const ReportBundle& session);

// A stored stall's blocking stack, innermost first.
std::vector<StackEntry> stack_of(const StoredStall& stall);

} // namespace framescope
