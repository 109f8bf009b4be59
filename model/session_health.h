// How recorded sessions ended: the share that crashed, hung (ended abnormally while a stall
// was in progress) or otherwise ended abnormally, the crash-free share, and the median
// session length, which says more than a crash rate about what users live with.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "loaders/report_bundle.h"

namespace framescope {

struct SessionHealth {
    size_t sessions = 0; // recorded sessions (stall traces and crash files are not sessions)
    size_t crashed = 0, hung = 0, abnormal = 0, clean = 0;
    double median_length_s = 0;

    double share(size_t count) const { return sessions ? double(count) / double(sessions) : 0; }
    double crash_free() const { return 1 - share(crashed); }
};

// Seconds from the session's start to the end of its last frame.
double session_length_s(const ReportBundle& session);

// Sessions counted one at a time, for sessions whose length is known without their frames.
class SessionHealthTally {
  public:
    void add(const ReportBundle& session, double length_s);
    SessionHealth result() const;

  private:
    SessionHealth health_;
    std::vector<double> lengths_s_;
};

SessionHealth session_health(std::span<const ReportBundle> sessions);

} // namespace framescope
