// Keeps each distinct stack once in a bundle's stack_frames: the samples of one stall repeat
// the same stacks of every thread hundreds of times, and a one-hour session's samples shrink
// from millions of frames to thousands.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "loaders/report_bundle.h"

namespace framescope {

class StackDeduplicator {
  public:
    explicit StackDeduplicator(ReportBundle& bundle) : bundle_(bundle) {}

    // The frames from `first` to the end of stack_frames are one stack just read. If the
    // same stack was stored before, they are dropped and its first frame is returned.
    uint32_t settle(uint32_t first);

  private:
    ReportBundle& bundle_;
    std::unordered_multimap<uint64_t, std::pair<uint32_t, uint32_t>> seen_; // hash -> first, count
};

} // namespace framescope
