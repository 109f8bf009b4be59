// Progress of a long load, shared between the thread that loads and the window that shows it:
// the loader advances `done` towards `total` and stops soon after `cancel` is set.
#pragma once

#include <atomic>
#include <cstdint>

namespace framescope {

struct LoadProgress {
    std::atomic<uint64_t> done{0};  // bytes read so far
    std::atomic<uint64_t> total{0}; // bytes to read
    std::atomic<bool> cancel{false};

    float fraction() const {
        uint64_t t = total.load();
        return t ? float(double(done.load()) / double(t)) : 0.f;
    }
};

} // namespace framescope
