// The sessions' frame budget ledgers in a report: one JSON value is built from the ledgers,
// and the text and Markdown tables are written from that value, so the three formats can
// never disagree on a number.
#pragma once

#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "model/findings_format.h"
#include "model/session_findings.h"

namespace framescope {

// An array with one object per session that has frame times: its source, budget, frames,
// over-budget frames, minutes and ledger lines (most frames lost first).
nlohmann::ordered_json ledgers_json(std::span<const SessionSummary> sessions);

// A "Frame budget ledger" section for text or Markdown; JSON documents hold ledgers_json.
std::string format_ledgers(std::span<const SessionSummary> sessions, FindingsFormat format);

} // namespace framescope
