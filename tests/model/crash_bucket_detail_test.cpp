// What the crash page shows of a bucket, from real recorded sessions of one application:
// its reports oldest first, its tags with the reports of each value, its reports per
// version; and reports over time binned by hour over short spans, by day over long ones.

#include <doctest/doctest.h>

#include "model/crash_bucket_detail.h"
#include "model/report_inputs.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("bucket detail: tags and versions count every report; reports come oldest first") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_crash_reports.py",
                      {dir.path().string(), test::recorder_dir().string(), test::python3()});
    auto loaded = load_sessions({(dir / "reports").string()});
    REQUIRE(loaded);
    const std::vector<CrashInput>& inputs = (*loaded)->findings.crash_inputs;
    for (const CrashBucket& bucket : (*loaded)->findings.crash_buckets) {
        BucketDetail detail = bucket_detail(inputs, bucket);
        REQUIRE(detail.reports.size() == bucket.count);
        for (size_t i = 1; i < detail.reports.size(); ++i) {
            double before = inputs[detail.reports[i - 1]].time_unix;
            double after = inputs[detail.reports[i]].time_unix;
            CHECK((after <= 0 || (before > 0 && before <= after)));
        }
        REQUIRE(detail.tags.size() == 3);
        for (const BucketTag& tag : detail.tags) {
            size_t reports = 0;
            for (const TagValue& value : tag.values)
                reports += value.count;
            CHECK(reports == bucket.count);
        }
        // The recorded half of the reports (bundles) says its release; the pasted half not.
        CHECK(detail.tags[0].name == "version");
        REQUIRE(detail.per_version.size() == 2);
        CHECK(detail.per_version[0].value == "1.0");
        CHECK(detail.per_version[1].value == "1.1");
        size_t dated = 0;
        for (size_t count : detail.over_time.counts)
            dated += count;
        CHECK(dated + detail.over_time.undated == bucket.count);
        CHECK(detail.over_time.bin_s == 3600); // made within minutes
    }
}

TEST_CASE("reports over time: by hour over up to three days, else by day") {
    const double noon = 1'764'000'000 - 1'764'000'000 % 86400 + 43200;
    std::vector<double> hours{noon, noon + 60, noon + 2 * 3600 + 5, 0};
    ReportsOverTime hourly = reports_over_time(hours);
    CHECK(hourly.bin_s == 3600);
    CHECK(hourly.start_unix == noon);
    CHECK(hourly.counts == std::vector<size_t>{2, 0, 1});
    CHECK(hourly.undated == 1);

    std::vector<double> days{noon, noon + 9 * 86400};
    ReportsOverTime daily = reports_over_time(days);
    CHECK(daily.bin_s == 86400);
    CHECK(daily.counts.size() == 10);
    CHECK(daily.counts.front() == 1);
    CHECK(daily.counts.back() == 1);

    CHECK(reports_over_time(std::vector<double>{0, 0}).counts.empty());
}

} // namespace framescope
