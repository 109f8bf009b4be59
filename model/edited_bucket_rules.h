// The bucketing rules with a store's bucket edits applied: the application paths and skipped
// functions a user added, and the merges. The window and `framescope buckets --db` both
// bucket by these, so they agree.
#pragma once

#include "core/error.h"
#include "model/crash_buckets.h"
#include "store/bucket_edits.h"
#include "store/database.h"

namespace framescope {

BucketRules edited_bucket_rules(BucketRules rules, const BucketEdits& edits);

// The same, the edits read from `db`.
Result<BucketRules> stored_bucket_rules(Database& db, BucketRules rules);

} // namespace framescope
