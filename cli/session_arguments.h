// The sessions a command names: BUNDLE, FILE and DIR arguments read directly, @ID arguments
// (or, with no arguments at all, every stored session) from the database. Files in folders
// that are neither bundles nor reports, and profiles, are named on stderr as skipped; when
// nothing named is a session, that is an error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/report_inputs.h"
#include "store/session_store.h"

namespace framescope {

// With `sink`, the reports of crash text files go to it as they are read; with
// `frame_function`, traces are sessions of its calls (see load_report_inputs); `parts` says
// what of every stored session to read when none is named.
Result<ReportInputs> load_named_sessions(const std::vector<std::string>& names,
                                         const std::optional<std::string>& db_path,
                                         const CrashTextSink* sink = nullptr,
                                         SessionParts parts = SessionParts::findings,
                                         const std::string& frame_function = {});

} // namespace framescope
