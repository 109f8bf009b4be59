// The crash buckets as a table that fills the space it is given: title (exception and
// message), count (reports), sessions, first and last seen, versions; sortable by any column, every
// row there (through a clipper, so a thousand buckets cost what the visible rows cost).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "model/crash_buckets.h"

namespace framescope {

class CrashBucketTable {
  public:
    // `generation` changes whenever `buckets` does; returns the bucket clicked, if any.
    std::optional<size_t> draw(std::span<const CrashBucket> buckets, uint64_t generation,
                               size_t selected);

  private:
    std::vector<size_t> order_;               // the rows' buckets, as sorted
    uint64_t sorted_generation_ = UINT64_MAX; // the buckets order_ was sorted for
};

// "KeyError: 'item-7'": the exception and its most frequent message, what the table and the
// bucket's page are titled with.
std::string bucket_title(const CrashBucket& bucket);

} // namespace framescope
