// The store's overview: release health per application version, the top crash buckets and
// stall groups across every stored session, the sessions and the stored profiles. It reads
// the small rows the store keeps for it (store/session_summary_rows), so thousands of
// sessions open in well under a second; sessions not yet summarized are summarized once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/load_progress.h"
#include "model/background_job.h"
#include "model/crash_buckets.h"
#include "model/session_health.h"
#include "model/stall_analysis.h"
#include "store/source_rows.h"

namespace framescope {

struct VersionHealth {
    std::string app;
    std::string version;
    SessionHealth health;
};

struct StoredStallGroup {
    std::string signature;
    std::vector<StackEntry> stack; // the longest stall's blocking stack, innermost first
    size_t count = 0, sessions = 0;
    size_t unfinished = 0; // stalls the session never came back from
    double total_s = 0, longest_s = 0;
    std::vector<std::string> versions; // the application versions it occurs in, oldest first
    std::vector<size_t> sessions_with; // into StoreOverview::sessions
};

struct StoreOverview {
    StoreOverview() = default;
    StoreOverview(const StoreOverview&) = delete; // the buckets point into the sessions
    StoreOverview& operator=(const StoreOverview&) = delete;

    std::string db_path;
    // Every stored session, oldest import first: header, ending, crash records and their
    // reports (no frames or samples), with its source id, length and stall count.
    std::vector<ReportBundle> sessions;
    std::vector<SourceId> ids;
    std::vector<double> lengths_s;
    std::vector<size_t> stall_counts;

    SessionHealth health;                       // of all recorded sessions
    std::vector<VersionHealth> by_version;      // per application, newest version first
    std::vector<CrashInput> crash_inputs;       // into `sessions`
    std::vector<CrashBucket> buckets;           // most reports first
    std::vector<StoredStallGroup> stall_groups; // most time lost first
    std::vector<StoredSource> profiles;
    size_t summarized = 0; // sessions summarized while this overview was read
};

// The sessions (indices into `sessions`) that hold one of the bucket's reports.
std::vector<size_t> sessions_of(const StoreOverview& overview, const CrashBucket& bucket);

// `progress` counts the sessions that have to be summarized first, if any.
Result<std::shared_ptr<StoreOverview>> load_store_overview(const std::string& db_path,
                                                           LoadProgress* progress = nullptr);

class StoreOverviewJob : public BackgroundJob<std::shared_ptr<StoreOverview>> {
  public:
    explicit StoreOverviewJob(std::string db_path);
};

} // namespace framescope
