// What the window shows of one bucket beyond its row: its reports oldest first (for paging),
// its tags (versions, platforms, interpreters, each value with its reports), and its reports
// per version and over time, binned by hour or by day as the span needs. Built once per
// selected bucket from the inputs its reports index.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/crash_buckets.h"

namespace framescope {

struct TagValue {
    std::string value;
    size_t count = 0; // reports
};

struct BucketTag {
    std::string name;             // "version", "platform", "interpreter"
    std::vector<TagValue> values; // most reports first; "unknown" where a report did not say
};

struct ReportsOverTime {
    double start_unix = 0;      // the first bin's start
    double bin_s = 0;           // 3600 or 86400; 0 when no report has a time
    std::vector<size_t> counts; // reports per bin
    size_t undated = 0;         // reports with no time
};

struct BucketDetail {
    std::vector<uint32_t> reports; // the bucket's inputs, oldest first (undated ones last)
    std::vector<BucketTag> tags;
    std::vector<TagValue> per_version; // oldest version first
    ReportsOverTime over_time;
};

// "KeyError: 'item-7'": the exception and its most frequent message; in a merged bucket the
// message of a report of its own signature, since the merged ones' messages may be more
// frequent. `inputs` and `rules` are the ones the bucket was made of and by.
std::string bucket_title(const CrashBucket& bucket, std::span<const CrashInput> inputs,
                         const BucketRules& rules);

// `inputs` are the ones the bucket was made of (its reports index them).
BucketDetail bucket_detail(std::span<const CrashInput> inputs, const CrashBucket& bucket);

// Bins of an hour for spans up to three days, else of a day: a day's crashes show their
// hours, a release's their days, without thousands of bars.
ReportsOverTime reports_over_time(std::span<const double> times_unix);

} // namespace framescope
