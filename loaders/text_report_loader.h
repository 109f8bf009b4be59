// A plain text file read as a session: hang dumps of any form (parse_hang_dumps) make a
// stall trace (stall_trace_loader); otherwise its crash reports (tracebacks, fatal-error
// dumps, or the whole text kept as one unparsed report) make a session of crashes alone.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "loaders/input_kind.h"
#include "loaders/report_bundle.h"

namespace framescope {

// `bytes` in any encoding decode_text reads (UTF-8, UTF-16 with a mark, cp1252).
// `kind` is what input_kind said of the file: hang dumps make a stall trace where their
// dumps hold samples; crash text is read as crash reports only.
ReportBundle load_text_report(std::string_view bytes, const std::string& source, InputKind kind);
Result<ReportBundle> load_text_report_file(const std::string& path, InputKind kind);

// What the store calls such a source: "stall-trace" or "crash-report".
const char* text_report_kind(const ReportBundle& session);

} // namespace framescope
