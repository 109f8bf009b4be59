// The crash-bucket edits kept in the store (schema version 5): merges of one signature's
// reports into another's bucket, and the application paths and skipped functions a user
// added to the rules. Each write is one transaction: a failed one leaves the edits as they
// were. Applying them to bucketing is the model's (model/edited_bucket_rules).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace framescope {

struct BucketEdits {
    // Signature key -> the key of the bucket it joins; never a chain (see merge_buckets).
    std::vector<std::pair<std::string, std::string>> merges;
    std::vector<std::string> app_paths;      // path fragments of the application's code
    std::vector<std::string> skip_functions; // functions left out of signatures
};

Result<BucketEdits> read_bucket_edits(Database& db);

// Sends `key`'s reports to the bucket `into` is in, and so every signature already merged
// into `key` as well; an error if they are one bucket already.
Status merge_buckets(Database& db, const std::string& key, const std::string& into);

// Undoes merges: `key`'s own, and every one into `key` (the bucket split into its parts).
Status split_bucket(Database& db, const std::string& key);

// Replaces the stored rules with these.
Status set_bucket_rules(Database& db, const std::vector<std::string>& app_paths,
                        const std::vector<std::string>& skip_functions);

} // namespace framescope
