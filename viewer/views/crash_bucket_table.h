// The crash buckets as a table that fills the space it is given: title (exception and
// message), count (reports), sessions, first and last seen, versions; sortable by any column, every
// row there (through a clipper, so a thousand buckets cost what the visible rows cost).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/crash_buckets.h"

namespace framescope {

class CrashBucketTable {
  public:
    // `titles` are the buckets' (bucket_title); `generation` changes whenever they do.
    // Returns the bucket clicked, if any.
    std::optional<size_t> draw(std::span<const CrashBucket> buckets,
                               std::span<const std::string> titles, uint64_t generation,
                               size_t selected);

  private:
    std::vector<size_t> order_;               // the rows' buckets, as sorted
    uint64_t sorted_generation_ = UINT64_MAX; // the buckets order_ was sorted for
};

} // namespace framescope
