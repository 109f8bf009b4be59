// The store's overview on sessions the recorder wrote for real: release health per version,
// crash buckets and stall groups across the stored sessions, the same as the findings of
// the same sessions loaded from their files; sessions stored without a summary are
// summarized once when the overview first reads them.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "model/overview_format.h"
#include "model/report_inputs.h"
#include "model/store_import.h"
#include "model/store_overview.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

void record(const std::string& scenario, const std::filesystem::path& out) {
    test::run_command("PYTHONPATH=" + test::quote(test::recorder_dir().string()) + " " +
                      test::quote(test::python3()) + " " +
                      test::quote((test::fixtures_dir() / "recorder_app.py").string()) + " " +
                      scenario + " " + test::quote(out.string()));
}

std::vector<std::string> bundles_in(const std::filesystem::path& folder) {
    std::vector<std::string> bundles;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        bundles.push_back(entry.path().string());
    std::sort(bundles.begin(), bundles.end());
    return bundles;
}

// What the overview must agree with: the same sessions' findings, read from their files.
void check_against_findings(const StoreOverview& overview, const LoadedSessions& loaded) {
    const SessionFindings& findings = loaded.findings;
    CHECK(overview.health.sessions == findings.health.sessions);
    CHECK(overview.health.crashed == findings.health.crashed);
    CHECK(overview.health.hung == findings.health.hung);
    CHECK(overview.health.median_length_s == doctest::Approx(findings.health.median_length_s));
    REQUIRE(overview.stall_groups.size() == findings.stall_groups.size());
    for (size_t g = 0; g < overview.stall_groups.size(); ++g) {
        CHECK(overview.stall_groups[g].signature == findings.stall_groups[g].signature);
        CHECK(overview.stall_groups[g].count == findings.stall_groups[g].count);
        CHECK(overview.stall_groups[g].sessions == findings.stall_groups[g].sessions);
        CHECK(overview.stall_groups[g].total_s ==
              doctest::Approx(findings.stall_groups[g].total_s));
        REQUIRE(!overview.stall_groups[g].stack.empty());
        CHECK(overview.stall_groups[g].stack.front().function ==
              findings.stall_groups[g].stack.front().function);
        CHECK(overview.stall_groups[g].stack.front().line ==
              findings.stall_groups[g].stack.front().line);
    }
    REQUIRE(overview.buckets.size() == findings.crash_buckets.size());
    for (size_t b = 0; b < overview.buckets.size(); ++b) {
        CHECK(overview.buckets[b].signature.key() == findings.crash_buckets[b].signature.key());
        CHECK(overview.buckets[b].count == findings.crash_buckets[b].count);
    }
}

} // namespace

TEST_CASE("store overview: health per version, buckets and stall groups of stored sessions") {
    test::TempDir dir;
    record("stall", dir / "reports");
    record("stall", dir / "reports");
    record("crash", dir / "reports");
    std::vector<std::string> bundles = bundles_in(dir / "reports");
    REQUIRE(bundles.size() == 3);
    std::string db_path = (dir / "store.db").string();
    {
        Result<Database> db = Database::open(db_path);
        REQUIRE(db);
        ImportReport imported = import_paths(*db, bundles);
        CHECK(imported.imported == 3);
        CHECK(imported.failures == 0);
        Result<ImportOutcome> again = import_input(*db, expand_inputs({bundles[0]}).front());
        REQUIRE(again);
        CHECK(again->already_stored);
    }
    Result<std::shared_ptr<LoadedSessions>> loaded = load_sessions(bundles);
    REQUIRE(loaded);

    Result<std::shared_ptr<StoreOverview>> overview = load_store_overview(db_path);
    REQUIRE_MESSAGE(overview, overview.error().to_string());
    const StoreOverview& o = **overview;
    CHECK(o.summarized == 0); // summarized at import
    CHECK(o.sessions.size() == 3);
    REQUIRE(o.by_version.size() == 1);
    CHECK(o.by_version[0].app == "recorder-test");
    CHECK(o.by_version[0].version == "2.0.1");
    CHECK(o.by_version[0].health.sessions == 3);
    CHECK(o.by_version[0].health.crashed == 1);
    REQUIRE(!o.stall_groups.empty());
    CHECK(o.stall_groups[0].count >= 2); // both stalled runs block in the same place
    CHECK(o.stall_groups[0].stack.front().function == "wait_for_reply");
    CHECK(o.stall_groups[0].versions == std::vector<std::string>{"2.0.1"});
    check_against_findings(o, **loaded);

    SUBCASE("sessions stored without a summary are summarized once, with the same results") {
        {
            Result<Database> db = Database::open(db_path);
            REQUIRE(db);
            REQUIRE(db->exec("DELETE FROM session_summaries; DELETE FROM session_stalls;"));
        }
        Result<std::shared_ptr<StoreOverview>> backfilled = load_store_overview(db_path);
        REQUIRE(backfilled);
        CHECK((*backfilled)->summarized == 3);
        check_against_findings(**backfilled, **loaded);
        Result<std::shared_ptr<StoreOverview>> later = load_store_overview(db_path);
        REQUIRE(later);
        CHECK((*later)->summarized == 0);
    }
    SUBCASE("framescope overview prints the same overview") {
        test::CommandResult run =
            test::run_command(test::quote(test::framescope_binary()) +
                              " overview --format json --db " + test::quote(db_path));
        REQUIRE(run.exit_code == 0);
        nlohmann::json printed = nlohmann::json::parse(run.output);
        CHECK(printed["sessions"] == 3);
        CHECK(printed["by_version"][0]["crashed"] == 1);
        CHECK(printed["stall_groups"][0]["count"] == o.stall_groups[0].count);
        CHECK(printed["crash_bucket_count"] == o.buckets.size());
    }
}

} // namespace framescope
