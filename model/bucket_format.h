// Crash buckets as text, Markdown or JSON (an array of buckets, most reports first), with
// session health before them in text and Markdown.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/crash_buckets.h"
#include "model/findings_format.h"
#include "model/session_health.h"
#include "model/text_format.h"

namespace framescope {

std::string format_buckets(std::span<const CrashBucket> buckets, const SessionHealth& health,
                           FindingsFormat format);

// The JSON array itself, for documents that hold the buckets (report's findings).
nlohmann::ordered_json buckets_json(std::span<const CrashBucket> buckets);

// "12 sessions: 8.3% crashed, ...; 91.7% crash-free; median length 40.0 s", and as JSON.
std::string health_text(const SessionHealth& health);
nlohmann::ordered_json health_json(const SessionHealth& health);

// "Mon 2026-11-26 10:33 UTC" style: a date a bug report can quote; "unknown" for 0.
std::string format_time(double unix_seconds);

} // namespace framescope
