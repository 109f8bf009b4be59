#include "model/rebucket_job.h"

#include <filesystem>

#include "model/crash_bucket_detail.h"
#include "model/edited_bucket_rules.h"
#include "store/database.h"

namespace framescope {
namespace {

Status apply(Database& db, const BucketEdit& edit) {
    switch (edit.kind) {
    case BucketEdit::Kind::none:
        return Ok{};
    case BucketEdit::Kind::merge:
        return merge_buckets(db, edit.key, edit.into);
    case BucketEdit::Kind::split:
        return split_bucket(db, edit.key);
    case BucketEdit::Kind::rules:
        return set_bucket_rules(db, edit.app_paths, edit.skip_functions);
    }
    return Ok{};
}

Rebucketed bucketed(std::shared_ptr<const LoadedSessions> loaded, const BucketRules& rules,
                    BucketEdits edits) {
    Rebucketed result;
    const std::vector<CrashInput>& inputs = loaded->findings.crash_inputs;
    result.buckets = bucket_crashes(inputs, rules);
    for (const CrashBucket& bucket : result.buckets)
        result.titles.push_back(bucket_title(bucket, inputs, rules));
    result.edits = std::move(edits);
    result.loaded = std::move(loaded);
    return result;
}

} // namespace

Result<Rebucketed> rebucket(std::shared_ptr<const LoadedSessions> loaded,
                            const std::string& db_path, const BucketEdit& edit) {
    // Looking makes no database: with none yet there are no edits to apply.
    std::error_code missing;
    if (edit.kind == BucketEdit::Kind::none && !std::filesystem::exists(db_path, missing))
        return bucketed(std::move(loaded), BucketRules{}, {});
    Result<Database> db = Database::open(db_path);
    if (!db)
        return db.error();
    if (Status s = apply(*db, edit); !s)
        return s.error();
    Result<BucketEdits> edits = read_bucket_edits(*db);
    if (!edits)
        return edits.error();
    BucketRules rules = edited_bucket_rules(BucketRules{}, *edits);
    return bucketed(std::move(loaded), rules, std::move(*edits));
}

RebucketJob::RebucketJob(std::shared_ptr<const LoadedSessions> loaded, std::string db_path,
                         BucketEdit edit)
    : BackgroundJob(
          [loaded = std::move(loaded), db_path = std::move(db_path),
           edit = std::move(edit)](LoadProgress&) { return rebucket(loaded, db_path, edit); }) {}

} // namespace framescope
