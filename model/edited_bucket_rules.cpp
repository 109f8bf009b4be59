#include "model/edited_bucket_rules.h"

#include <algorithm>

namespace framescope {
namespace {

void add_missing(std::vector<std::string>& to, const std::vector<std::string>& values) {
    for (const std::string& value : values)
        if (std::find(to.begin(), to.end(), value) == to.end())
            to.push_back(value);
}

} // namespace

BucketRules edited_bucket_rules(BucketRules rules, const BucketEdits& edits) {
    add_missing(rules.origin.app_paths, edits.app_paths);
    add_missing(rules.skip_functions, edits.skip_functions);
    rules.merges.insert(rules.merges.end(), edits.merges.begin(), edits.merges.end());
    return rules;
}

Result<BucketRules> stored_bucket_rules(Database& db, BucketRules rules) {
    Result<BucketEdits> edits = read_bucket_edits(db);
    if (!edits)
        return edits.error();
    return edited_bucket_rules(std::move(rules), *edits);
}

} // namespace framescope
