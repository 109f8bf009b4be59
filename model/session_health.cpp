#include "model/session_health.h"

#include <algorithm>

namespace framescope {

double session_length_s(const ReportBundle& session) {
    const FrameTimings& frames = session.frames;
    return frames.size() ? double(frames.start_us.back() + frames.duration_us.back()) / 1e6 : 0;
}

void SessionHealthTally::add(const ReportBundle& session, double length_s) {
    if (!session.has_frame_timings)
        return;
    ++health_.sessions;
    switch (session.ending.status) {
    case SessionStatus::crashed:
        ++health_.crashed;
        break;
    case SessionStatus::abnormal:
        ++(session.ending.hung ? health_.hung : health_.abnormal);
        break;
    case SessionStatus::clean:
    case SessionStatus::unknown:
        ++health_.clean;
        break;
    }
    lengths_s_.push_back(length_s);
}

SessionHealth SessionHealthTally::result() const {
    SessionHealth health = health_;
    if (lengths_s_.empty())
        return health;
    std::vector<double> lengths = lengths_s_;
    size_t middle = lengths.size() / 2;
    std::nth_element(lengths.begin(), lengths.begin() + middle, lengths.end());
    double upper = lengths[middle];
    if (lengths.size() % 2) {
        health.median_length_s = upper;
    } else {
        double lower = *std::max_element(lengths.begin(), lengths.begin() + middle);
        health.median_length_s = (lower + upper) / 2;
    }
    return health;
}

SessionHealth session_health(std::span<const ReportBundle> sessions) {
    SessionHealthTally tally;
    for (const ReportBundle& session : sessions)
        tally.add(session, session_length_s(session));
    return tally.result();
}

} // namespace framescope
