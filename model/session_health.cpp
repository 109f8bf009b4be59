#include "model/session_health.h"

#include <algorithm>
#include <vector>

namespace framescope {

SessionHealth session_health(std::span<const ReportBundle> sessions) {
    SessionHealth health;
    std::vector<double> lengths;
    for (const ReportBundle& session : sessions) {
        if (!session.has_frame_timings)
            continue;
        ++health.sessions;
        switch (session.ending.status) {
        case SessionStatus::crashed:
            ++health.crashed;
            break;
        case SessionStatus::abnormal:
            ++(session.ending.hung ? health.hung : health.abnormal);
            break;
        case SessionStatus::clean:
        case SessionStatus::unknown:
            ++health.clean;
            break;
        }
        const FrameTimings& frames = session.frames;
        lengths.push_back(frames.size() ? (frames.start_us.back() + frames.duration_us.back()) / 1e6
                                        : 0);
    }
    if (!lengths.empty()) {
        std::sort(lengths.begin(), lengths.end());
        size_t middle = lengths.size() / 2;
        health.median_length_s =
            lengths.size() % 2 ? lengths[middle] : (lengths[middle - 1] + lengths[middle]) / 2;
    }
    return health;
}

} // namespace framescope
