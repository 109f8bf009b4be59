// The crash page: on one side the session health and every bucket in a sortable table; on
// the other the selected bucket as its issue: title (exception and message), its tags, its
// reports per version and over time, its reports one at a time, and the edits (merge into
// another bucket, unmerge, the application and skip rules). Edits are written to the store
// and everything re-bucketed by a background job; this view only draws and swaps results in.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/crash_bucket_detail.h"
#include "model/rebucket_job.h"
#include "model/report_inputs.h"
#include "viewer/views/crash_bucket_table.h"
#include "viewer/views/crash_report_pager.h"

namespace framescope {

class CrashBucketsView {
  public:
    // The sessions' buckets by the default rules at once, then by the edits kept in the
    // store at `db_path` once read.
    void show(std::shared_ptr<const LoadedSessions> loaded, std::string db_path);
    // The health and the bucket table, filling the space given.
    void draw_list();
    // The selected bucket's page.
    void draw_bucket();
    // N/P and the arrow keys page the selected bucket's reports.
    void handle_keys();

  private:
    std::shared_ptr<const LoadedSessions> loaded_; // what buckets_ point into
    std::vector<CrashBucket> buckets_;
    std::vector<std::string> titles_; // the buckets' (bucket_title), made with them
    uint64_t generation_ = 0;         // changes whenever buckets_ does
    BucketEdits edits_;               // as stored
    BucketRules rules_;               // the default rules with edits_ applied
    std::string db_path_;
    std::unique_ptr<RebucketJob> job_;
    std::string error_;        // the last edit's, until the next one
    std::string selected_key_; // the selection follows its bucket through re-bucketing
    size_t selected_ = 0;
    BucketDetail detail_;
    uint64_t detail_generation_ = UINT64_MAX; // the buckets detail_ was built for
    size_t detail_bucket_ = SIZE_MAX;
    CrashBucketTable table_;
    CrashReportPager pager_;
    std::string app_paths_text_, skip_functions_text_; // the rules editor, one a line

    void start(BucketEdit edit);
    void set_buckets(std::vector<CrashBucket> buckets, std::vector<std::string> titles);
    void take_result();
    void select(size_t bucket);
    void draw_edits(const CrashBucket& bucket);
    void draw_rules_editor();
    void draw_tags();
};

} // namespace framescope
