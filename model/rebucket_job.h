// A change to the crash buckets made in the window (a merge, a split, new rules), written to
// the store, then every crash report of the open sessions bucketed again by the default
// rules with the store's edits, off the window's thread. With no change asked for, it only
// reads the edits and re-buckets: what the window does when it opens sessions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/background_job.h"
#include "model/crash_buckets.h"
#include "model/report_inputs.h"
#include "store/bucket_edits.h"

namespace framescope {

struct BucketEdit {
    enum class Kind { none, merge, split, rules };
    Kind kind = Kind::none;
    std::string key;                                    // merge: the bucket merged; split: it
    std::string into;                                   // merge: the bucket it joins
    std::vector<std::string> app_paths, skip_functions; // rules: the rules stored from now on
};

struct Rebucketed {
    std::shared_ptr<const LoadedSessions> loaded; // what the buckets point into
    std::vector<CrashBucket> buckets; // their reports index loaded->findings.crash_inputs
    std::vector<std::string> titles;  // the buckets' (bucket_title): a merged one's reads reports
    BucketEdits edits;                // as stored once the change was made
};

// The change applied to the store at `db_path`, then the re-bucketing; an error leaves the
// store as it was.
Result<Rebucketed> rebucket(std::shared_ptr<const LoadedSessions> loaded,
                            const std::string& db_path, const BucketEdit& edit);

class RebucketJob : public BackgroundJob<Rebucketed> {
  public:
    RebucketJob(std::shared_ptr<const LoadedSessions> loaded, std::string db_path, BucketEdit edit);
};

} // namespace framescope
