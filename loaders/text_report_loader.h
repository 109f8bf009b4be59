// A plain text file read as a session: hang dumps of any form (parse_hang_dumps) make a
// stall trace (stall_trace_loader); otherwise its crash reports (tracebacks, fatal-error
// dumps, or the whole text kept as one unparsed report) make a session of crashes alone.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "loaders/input_kind.h"
#include "loaders/report_bundle.h"

namespace framescope {

// Where the reports of crash text go when they need not be kept (bucketing a file of any
// length as it is read): handed the text, as valid UTF-8, and its file, it reads the reports
// and says whether any was one it could read. A session of such a file holds none of them.
using CrashTextSink = std::function<bool(std::string_view text, const std::string& source)>;

// `bytes` in any encoding decode_text reads (UTF-8, UTF-16 with a mark, cp1252).
// `kind` is what input_kind said of the file: hang dumps make a stall trace where their
// dumps hold samples; crash text is read as crash reports only, kept or given to `sink`.
ReportBundle load_text_report(std::string_view bytes, const std::string& source, InputKind kind,
                              const CrashTextSink* sink = nullptr);
Result<ReportBundle> load_text_report_file(const std::string& path, InputKind kind,
                                           const CrashTextSink* sink = nullptr);

// What the store calls such a source: "stall-trace" or "crash-report".
const char* text_report_kind(const ReportBundle& session);

} // namespace framescope
