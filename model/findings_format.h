// Session findings as text a user pastes into a bug report or a CI log: plain text,
// Markdown, or JSON (an object whose `stall_groups` is ranked by time lost).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/session_findings.h"

namespace framescope {

enum class FindingsFormat { text, markdown, json };

// "text", "md" or "markdown", "json"; nothing for anything else.
std::optional<FindingsFormat> parse_findings_format(std::string_view name);

std::string format_findings(const SessionFindings& findings, FindingsFormat format);

// "demo-app 1.0.0, cpython 3.11.2, abnormal (hung)"
std::string describe_session(const SessionSummary& session);
// "read_reply (demo_app.py:117)"
std::string describe_frame(const StackEntry& entry);
// "1.25 s", or "time unknown" for stalls read from dumps that carry no times (py-spy, gdb).
std::string describe_seconds(double seconds);
const char* to_string(FrameSeverity severity);
// "2.0.1, 2.1.0 (first seen in 2.0.1)"; with versions sessions ran that do not show it:
// "3.12.1 (first seen in 3.12.1; not in 3.11.7)"; "unknown" when empty.
std::string describe_versions(const std::vector<std::string>& seen,
                              const std::vector<std::string>& older_without = {});
// The same for interpreters, with the first of each: "CPython 3.11.7, CPython 3.12.1, PyPy
// 3.9.16 (first seen in CPython 3.11.7, PyPy 3.9.16)".
std::string describe_interpreters(const std::vector<std::string>& seen,
                                  const std::vector<std::string>& older_without = {});

} // namespace framescope
