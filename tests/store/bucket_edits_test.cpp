// The store's bucket edits: merges and rules read back as written, merges kept flat (a bucket
// merged whole with what was merged into it), unmerging by either side, and a failed write
// leaving the edits as they were.

#include <doctest/doctest.h>

#include "store/bucket_edits.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

using Merges = std::vector<std::pair<std::string, std::string>>;

Database open_in(const test::TempDir& dir) {
    Result<Database> db = Database::open((dir / "framescope.db").string());
    REQUIRE(db);
    return std::move(*db);
}

} // namespace

TEST_CASE("bucket edits store: merges and rules read back, in a reopened database too") {
    test::TempDir dir;
    {
        Database db = open_in(dir);
        REQUIRE(merge_buckets(db, "KeyError @ a.py:f", "ValueError @ b.py:g"));
        REQUIRE(set_bucket_rules(db, {"shop/", "shop/"}, {"retry"}));
    }
    Database db = open_in(dir);
    Result<BucketEdits> edits = read_bucket_edits(db);
    REQUIRE(edits);
    CHECK(edits->merges == Merges{{"KeyError @ a.py:f", "ValueError @ b.py:g"}});
    CHECK(edits->app_paths == std::vector<std::string>{"shop/"});
    CHECK(edits->skip_functions == std::vector<std::string>{"retry"});
}

TEST_CASE("bucket edits store: a merged bucket goes whole, and unmerging splits it") {
    test::TempDir dir;
    Database db = open_in(dir);
    REQUIRE(merge_buckets(db, "A", "B"));
    REQUIRE(merge_buckets(db, "B", "C")); // B's bucket, A in it, goes into C
    CHECK(read_bucket_edits(db)->merges == Merges{{"A", "C"}, {"B", "C"}});
    REQUIRE(merge_buckets(db, "D", "A")); // into A's bucket: C
    CHECK(read_bucket_edits(db)->merges == Merges{{"A", "C"}, {"B", "C"}, {"D", "C"}});
    CHECK_FALSE(merge_buckets(db, "A", "B")); // one bucket already
    CHECK_FALSE(merge_buckets(db, "C", "A"));
    CHECK(read_bucket_edits(db)->merges.size() == 3);

    REQUIRE(split_bucket(db, "D")); // its own merge
    CHECK(read_bucket_edits(db)->merges == Merges{{"A", "C"}, {"B", "C"}});
    REQUIRE(split_bucket(db, "C")); // every merge into it
    CHECK(read_bucket_edits(db)->merges.empty());
}

TEST_CASE("bucket edits store: a failed write leaves the edits as they were") {
    test::TempDir dir;
    Database db = open_in(dir);
    REQUIRE(merge_buckets(db, "A", "B"));
    REQUIRE(set_bucket_rules(db, {"shop/"}, {"retry"}));
    // An empty rule breaks the table's check after the old rules were deleted and the first
    // new one written: all of it is undone.
    Status failed = set_bucket_rules(db, {"game/", ""}, {});
    CHECK_FALSE(failed);
    CHECK(merge_buckets(db, "A", "A").error().message.find("one bucket") != std::string::npos);
    Result<BucketEdits> edits = read_bucket_edits(db);
    REQUIRE(edits);
    CHECK(edits->app_paths == std::vector<std::string>{"shop/"});
    CHECK(edits->skip_functions == std::vector<std::string>{"retry"});
    CHECK(edits->merges == Merges{{"A", "B"}});
}

} // namespace framescope
