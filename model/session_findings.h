// What a set of sessions says, in the order a user reads it: each session's frame
// statistics, the worst frames with what blocked them, stall groups ranked by time lost,
// and the crashes. The window and `framescope report` show the same findings.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "loaders/report_bundle.h"
#include "model/crash_buckets.h"
#include "model/frame_budget_ledger.h"
#include "model/frame_statistics.h"
#include "model/session_health.h"
#include "model/stall_analysis.h"

namespace framescope {

struct SessionSummary {
    std::string source;
    std::string app, version, interpreter, python_version;
    SessionEnding ending;
    bool has_frame_timings = true;
    double budget_ms = 0, stall_ms = 0;
    FrameStatistics frames;
    size_t gc_pauses = 0;
    double longest_gc_ms = 0;
    size_t crashes = 0;
    size_t samples = 0;       // stack samples: a stall trace's dumps, a recorder's watchdog samples
    FrameBudgetLedger ledger; // the whole session's, its top lines only; empty without frames
};

struct WorstFrame {
    size_t session = 0;
    uint32_t frame_index = 0;
    double start_s = 0;
    double duration_ms = 0;
    FrameSeverity severity = FrameSeverity::within_budget;
    double gc_ms = 0;              // garbage collection inside the frame
    std::vector<StackEntry> stack; // where its samples put the main thread
};

struct CrashFinding {
    size_t session = 0;
    std::string kind; // "exception", "thread_exception", "fatal"
    std::string thread;
    std::string summary; // the exception line, or faulthandler's "Fatal Python error: ..."
};

struct SessionFindings {
    std::vector<SessionSummary> sessions;
    std::vector<WorstFrame> worst_frames; // longest first, over all sessions
    std::vector<Stall> stalls;
    std::vector<StallGroup> stall_groups; // most time lost first; point into `stalls`
    std::vector<CrashFinding> crashes;
    std::vector<CrashInput> crash_inputs;   // every crash report, pointing into the sessions
    std::vector<CrashBucket> crash_buckets; // of crash_inputs, by the default rules
    SessionHealth health;

    SessionFindings() = default;
    SessionFindings(const SessionFindings&) = delete; // stall_groups point into stalls
    SessionFindings& operator=(const SessionFindings&) = delete;
    SessionFindings(SessionFindings&&) = default;
    SessionFindings& operator=(SessionFindings&&) = default;
};

struct FindingsOptions {
    size_t worst_frames = 10;
    size_t ledger_lines = 5; // of each session's frame budget ledger
    double budget_ms = 0;    // 0: each session's own budget
};

SessionFindings find_session_findings(std::span<const ReportBundle> bundles,
                                      const FindingsOptions& options = {});

} // namespace framescope
