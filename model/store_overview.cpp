#include "model/store_overview.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "model/edited_bucket_rules.h"
#include "model/session_summary.h"
#include "store/crash_report_rows.h"
#include "store/session_store.h"
#include "store/session_summary_rows.h"

namespace framescope {
namespace {

// Reads, summarizes and keeps the summary of a session stored without one. A session stored
// before crash reports had rows of their own gets them too, so the next overview reads rows.
Result<SessionOverviewRow> summarized(Database& db, SessionOverviewRow row) {
    Result<ReportBundle> full = load_stored_session(db, row.id);
    if (!full)
        return full.error();
    StoredSessionSummary summary = summarize_session(*full);
    bool had_report_rows = !row.session.fatal_reports.empty() ||
                           std::any_of(row.session.crashes.begin(), row.session.crashes.end(),
                                       [](const CrashRecord& c) { return !c.reports.empty(); });
    if (!had_report_rows && (!full->fatal_reports.empty() || !full->crashes.empty())) {
        Result<Transaction> transaction = Transaction::begin(db);
        if (!transaction)
            return transaction.error();
        if (Status s = insert_crash_reports(db, row.id, *full); !s)
            return s.error();
        if (Status s = transaction->commit(); !s)
            return s.error();
    }
    if (Status s = store_session_summary(db, row.id, summary); !s)
        return s.error();
    full->frames = {}; // the overview keeps headers and crashes only
    full->samples.clear();
    full->threads.clear();
    full->stack_frames.clear();
    full->profile_pstats.clear();
    row.session = std::move(*full);
    row.summary = std::move(summary);
    return row;
}

std::vector<VersionHealth> health_by_version(const StoreOverview& overview) {
    std::map<std::pair<std::string, std::string>, SessionHealthTally> tallies;
    for (size_t i = 0; i < overview.sessions.size(); ++i) {
        const SessionInfo& info = overview.sessions[i].session;
        tallies[{info.app, info.version}].add(overview.sessions[i], overview.lengths_s[i]);
    }
    std::vector<VersionHealth> health;
    for (const auto& [key, tally] : tallies)
        if (SessionHealth h = tally.result(); h.sessions)
            health.push_back({key.first, key.second, h});
    std::sort(health.begin(), health.end(), [](const VersionHealth& a, const VersionHealth& b) {
        if (a.app != b.app)
            return a.app < b.app;
        return version_before(b.version, a.version);
    });
    return health;
}

std::vector<StoredStallGroup>
group_stored_stalls(const StoreOverview& overview,
                    const std::vector<StoredSessionSummary>& summaries) {
    std::unordered_map<std::string, size_t> group_of;
    std::vector<StoredStallGroup> groups;
    std::vector<std::set<std::string>> versions;
    std::vector<const StoredStall*> longest;
    for (size_t s = 0; s < summaries.size(); ++s) {
        std::set<size_t> seen_here;
        for (const StoredStall& stall : summaries[s].stalls) {
            auto [at, added] = group_of.try_emplace(stall.signature, groups.size());
            if (added) {
                groups.emplace_back().signature = stall.signature;
                versions.emplace_back();
                longest.push_back(&stall);
            }
            StoredStallGroup& group = groups[at->second];
            ++group.count;
            group.total_s += stall.duration_s;
            group.unfinished += stall.unfinished;
            if (stall.duration_s > group.longest_s) {
                group.longest_s = stall.duration_s;
                longest[at->second] = &stall;
            }
            if (seen_here.insert(at->second).second) {
                ++group.sessions;
                group.sessions_with.push_back(s);
            }
            versions[at->second].insert(overview.sessions[s].session.version);
        }
    }
    for (size_t g = 0; g < groups.size(); ++g) {
        groups[g].stack = stack_of(*longest[g]);
        groups[g].kind = stall_kind_named(longest[g]->kind);
        groups[g].versions.assign(versions[g].begin(), versions[g].end());
        std::sort(groups[g].versions.begin(), groups[g].versions.end(), version_before);
    }
    std::stable_sort(
        groups.begin(), groups.end(),
        [](const StoredStallGroup& a, const StoredStallGroup& b) { return a.total_s > b.total_s; });
    return groups;
}

} // namespace

std::vector<size_t> sessions_of(const StoreOverview& overview, const CrashBucket& bucket) {
    std::set<std::string_view> files(bucket.files.begin(), bucket.files.end());
    std::vector<size_t> sessions;
    for (size_t i = 0; i < overview.sessions.size(); ++i)
        if (files.count(overview.sessions[i].source))
            sessions.push_back(i);
    return sessions;
}

Result<std::shared_ptr<StoreOverview>> load_store_overview(const std::string& db_path,
                                                           LoadProgress* progress) {
    Result<Database> db = Database::open(db_path);
    if (!db)
        return db.error();
    Result<std::vector<SessionOverviewRow>> rows = read_session_overview_rows(*db);
    if (!rows)
        return rows.error();
    auto overview = std::make_shared<StoreOverview>();
    overview->db_path = db_path;
    size_t unsummarized = size_t(std::count_if(
        rows->begin(), rows->end(), [](const SessionOverviewRow& r) { return !r.summary; }));
    if (progress)
        progress->total = unsummarized;
    std::vector<StoredSessionSummary> summaries;
    for (SessionOverviewRow& row : *rows) {
        if (!row.summary) {
            if (progress && progress->cancel)
                return Error::plain("cancelled");
            Result<SessionOverviewRow> done = summarized(*db, std::move(row));
            if (!done)
                return done.error();
            row = std::move(*done);
            ++overview->summarized;
            if (progress)
                ++progress->done;
        }
        overview->ids.push_back(row.id);
        overview->lengths_s.push_back(row.summary->length_s);
        overview->stall_counts.push_back(row.summary->stalls.size());
        overview->sessions.push_back(std::move(row.session));
        summaries.push_back(std::move(*row.summary));
    }
    SessionHealthTally tally;
    for (size_t i = 0; i < overview->sessions.size(); ++i)
        tally.add(overview->sessions[i], overview->lengths_s[i]);
    overview->health = tally.result();
    overview->by_version = health_by_version(*overview);
    overview->crash_inputs = crash_inputs_of(overview->sessions);
    // Bucketed as `buckets --db` and the crash page do: with the store's merges and rules.
    Result<BucketRules> rules = stored_bucket_rules(*db, BucketRules{});
    if (!rules)
        return rules.error();
    overview->buckets = bucket_crashes(overview->crash_inputs, *rules);
    overview->stall_groups = group_stored_stalls(*overview, summaries);
    Result<std::vector<StoredSource>> sources = list_sources(*db);
    if (!sources)
        return sources.error();
    for (StoredSource& source : *sources)
        if (source.kind == "pstats")
            overview->profiles.push_back(std::move(source));
    return overview;
}

StoreOverviewJob::StoreOverviewJob(std::string db_path)
    : BackgroundJob([path = std::move(db_path)](LoadProgress& progress) {
          return load_store_overview(path, &progress);
      }) {}

} // namespace framescope
