// The frame budget ledger: over a range of frames, which functions cost the most milliseconds
// per frame and how many over-budget frames each one dominated ("frames lost"), so that a
// team can say "layout costs 3 frames per minute". Built from the main thread's stack
// samples: each sample's interval (until the next sample, never past its frame's end) goes
// to every function on the stack (total, recursion counted once) and to the innermost one
// (self). A trace session (model/trace_session) has no samples but every call: there each
// call's own and whole time are exact. Drawing it is the viewer's; formatting it,
// model/ledger_format's.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "loaders/report_bundle.h"

namespace framescope {

struct LedgerLine {
    std::string function;
    std::string file;
    uint32_t line = 0;             // the line sampled most often in it
    double self_ms_per_frame = 0;  // sampled time at the top of the stack, per frame of the range
    double total_ms_per_frame = 0; // sampled time anywhere on the stack, per frame of the range
    size_t frames_lost = 0;        // over-budget frames whose samples it dominated (by self time)
    double frames_lost_per_minute = 0;
};

struct FrameBudgetLedger {
    uint32_t first_frame = 0, last_frame = 0; // the range, inclusive (clamped)
    size_t frames = 0;                        // in the range
    size_t over_budget = 0;                   // frames in the range longer than the budget
    size_t unattributed = 0; // of those, frames with no sample to say what held them up
    double budget_ms = 0;
    double range_s = 0;            // from the first frame's start to the last frame's end
    std::vector<LedgerLine> lines; // most frames lost first, then most self ms per frame
};

// Frames [first_frame, last_frame] (clamped to the session) against `budget_ms`. In a session
// that hung, frame frames.size() is the one that never finished, up to the session's end.
// Empty for a session without frame times. `cancel`, when set, stops the work early.
FrameBudgetLedger frame_budget_ledger(const ReportBundle& bundle, uint32_t first_frame,
                                      uint32_t last_frame, double budget_ms,
                                      const std::atomic<bool>* cancel = nullptr);

// The whole session against its own budget.
FrameBudgetLedger session_ledger(const ReportBundle& bundle);

} // namespace framescope
