// Bucket edits on real reports of one application with six bugs, printed by the interpreters
// at test time: a merge joins two buckets (counts, sessions, reports and the keys merged in
// all carried over), undoing it gives the buckets back as they were, stored rules change the
// signatures, and the streaming bucketer the command line uses agrees with the window's.

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "model/crash_buckets.h"
#include "model/edited_bucket_rules.h"
#include "model/rebucket_job.h"
#include "model/report_inputs.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

struct Reports {
    test::TempDir dir;
    std::shared_ptr<LoadedSessions> loaded;

    Reports() {
        std::vector<std::string> args{dir.path().string(), test::recorder_dir().string()};
        for (const std::string& interpreter : test::interpreters())
            args.push_back(interpreter);
        test::run_fixture(test::python3(), "make_crash_reports.py", args);
        auto sessions = load_sessions({(dir / "reports").string()});
        REQUIRE(sessions);
        loaded = *sessions;
    }
    const std::vector<CrashInput>& inputs() const { return loaded->findings.crash_inputs; }
};

// Made once: each interpreter runs every bug from two releases at two places.
const Reports& reports() {
    static Reports made;
    return made;
}

const CrashBucket& bucket_named(const std::vector<CrashBucket>& buckets, std::string_view start) {
    auto found = std::find_if(buckets.begin(), buckets.end(), [&](const CrashBucket& b) {
        return b.signature.key().starts_with(start);
    });
    REQUIRE_MESSAGE(found != buckets.end(), start);
    return *found;
}

std::vector<uint32_t> sorted(std::vector<uint32_t> values) {
    std::sort(values.begin(), values.end());
    return values;
}

} // namespace

TEST_CASE("bucket edits: a merge joins two buckets and carries every report over") {
    const Reports& corpus = reports();
    std::vector<CrashBucket> plain = bucket_crashes(corpus.inputs(), BucketRules{});
    REQUIRE(plain.size() == 6);
    const CrashBucket& key_error = bucket_named(plain, "KeyError");
    const CrashBucket& division = bucket_named(plain, "ZeroDivisionError");
    CHECK(key_error.reports.size() == key_error.count);

    BucketRules rules;
    rules.merges = {{key_error.key(), division.key()}};
    std::vector<CrashBucket> merged = bucket_crashes(corpus.inputs(), rules);
    REQUIRE(merged.size() == 5);
    const CrashBucket& joined = bucket_named(merged, "ZeroDivisionError");
    CHECK(joined.key() == division.key()); // the bucket merged into keeps its signature
    CHECK(joined.count == key_error.count + division.count);
    CHECK(joined.sessions == key_error.sessions + division.sessions);
    CHECK(joined.merged == std::vector<std::string>{key_error.key()});
    std::vector<uint32_t> both = key_error.reports;
    both.insert(both.end(), division.reports.begin(), division.reports.end());
    CHECK(sorted(joined.reports) == sorted(both));
    CHECK(joined.versions == division.versions);
    size_t variants = 0;
    for (const auto& [message, count] : joined.variants)
        variants += count;
    CHECK(variants == joined.count); // both bugs' messages, each counted

    SUBCASE("a merge into a merged bucket follows it; unmerging gives the buckets back") {
        const CrashBucket& recursion = bucket_named(plain, "RecursionError");
        rules.merges.push_back({recursion.key(), key_error.key()});
        std::vector<CrashBucket> chained = bucket_crashes(corpus.inputs(), rules);
        REQUIRE(chained.size() == 4);
        CHECK(bucket_named(chained, "ZeroDivisionError").count ==
              key_error.count + division.count + recursion.count);
        rules.merges.clear();
        std::vector<CrashBucket> split = bucket_crashes(corpus.inputs(), rules);
        REQUIRE(split.size() == plain.size());
        for (size_t b = 0; b < plain.size(); ++b) {
            CHECK(split[b].key() == plain[b].key());
            CHECK(split[b].count == plain[b].count);
            CHECK(split[b].merged.empty());
        }
    }
    SUBCASE("merged into a signature no report has: the bucket goes by its own") {
        rules.merges = {{key_error.key(), "KeyError @ gone.py:nowhere"}};
        std::vector<CrashBucket> moved = bucket_crashes(corpus.inputs(), rules);
        REQUIRE(moved.size() == 6);
        CHECK(bucket_named(moved, "KeyError").count == key_error.count);
    }
}

TEST_CASE("bucket edits: the streaming bucketer merges as bucketing inputs does, keeping no "
          "report indices") {
    const Reports& corpus = reports();
    std::vector<CrashBucket> plain = bucket_crashes(corpus.inputs(), BucketRules{});
    BucketRules rules;
    rules.merges = {{plain[0].key(), plain[1].key()}};
    CrashBucketer streaming(rules);
    for (const CrashInput& input : corpus.inputs())
        streaming.add(input);
    std::vector<CrashBucket> streamed = streaming.buckets();
    std::vector<CrashBucket> held = bucket_crashes(corpus.inputs(), rules);
    REQUIRE(streamed.size() == held.size());
    for (size_t b = 0; b < held.size(); ++b) {
        CHECK(streamed[b].key() == held[b].key());
        CHECK(streamed[b].count == held[b].count);
        CHECK(streamed[b].merged == held[b].merged);
        CHECK(streamed[b].reports.empty());
    }
}

TEST_CASE("bucket edits: stored rules change the signatures the buckets go by") {
    const Reports& corpus = reports();
    BucketEdits edits;
    // The crash site's function left out: the KeyError's signature names its caller.
    edits.skip_functions = {"lookup_item"};
    std::vector<CrashBucket> skipped =
        bucket_crashes(corpus.inputs(), edited_bucket_rules(BucketRules{}, edits));
    REQUIRE(skipped.size() == 6);
    CHECK(bucket_named(skipped, "KeyError").signature.frames.at(0).function == "run");
    // Only the entry point is the application's: every bug is in third-party code now, so
    // their frames no longer count as the application's.
    edits = {};
    edits.app_paths = {"bin/shopcart"};
    std::vector<CrashBucket> narrowed =
        bucket_crashes(corpus.inputs(), edited_bucket_rules(BucketRules{}, edits));
    CHECK(bucket_named(narrowed, "KeyError").signature.frames.at(0).module != "shopcart/cart.py");
}

TEST_CASE("bucket edits: the window's re-bucketing writes the edit, then buckets by it") {
    const Reports& corpus = reports();
    test::TempDir dir;
    std::string db = (dir / "framescope.db").string();
    std::vector<CrashBucket> plain = corpus.loaded->findings.crash_buckets;

    Result<Rebucketed> looked = rebucket(corpus.loaded, db, {});
    REQUIRE(looked);
    CHECK(looked->buckets.size() == plain.size());
    CHECK_FALSE(std::filesystem::exists(db)); // looking makes no database

    Result<Rebucketed> merged = rebucket(
        corpus.loaded, db, {BucketEdit::Kind::merge, plain[2].key(), plain[0].key(), {}, {}});
    REQUIRE(merged);
    CHECK(merged->buckets.size() == plain.size() - 1);
    CHECK(merged->edits.merges.size() == 1);
    // The bucket merged into is titled by a report of its own, not by the merged one's.
    REQUIRE(merged->titles.size() == merged->buckets.size());
    for (size_t b = 0; b < merged->buckets.size(); ++b)
        if (merged->buckets[b].key() == plain[0].key()) {
            CHECK(merged->titles[b].starts_with(plain[0].signature.exception + ": "));
            CHECK(merged->buckets[b].merged == std::vector<std::string>{plain[2].key()});
        }

    Result<Rebucketed> again = rebucket(
        corpus.loaded, db, {BucketEdit::Kind::merge, plain[2].key(), plain[0].key(), {}, {}});
    CHECK_FALSE(again); // one bucket already: an error, and the store as it was
    Result<Rebucketed> reopened = rebucket(corpus.loaded, db, {});
    REQUIRE(reopened);
    CHECK(reopened->buckets.size() == plain.size() - 1);

    Result<Rebucketed> split =
        rebucket(corpus.loaded, db, {BucketEdit::Kind::split, plain[0].key(), {}, {}, {}});
    REQUIRE(split);
    CHECK(split->buckets.size() == plain.size());
    CHECK(split->edits.merges.empty());
}

} // namespace framescope
