// The store keeps a profile exactly: what comes back prints as the file does. Importing the
// same bytes twice writes nothing, and a failed import leaves the database as it was.

#include <doctest/doctest.h>

#include "core/file_bytes.h"
#include "loaders/pstats_loader.h"
#include "model/pstats_text.h"
#include "store/pstats_store.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::string report(const PstatsProfile& profile) {
    SortOrder order = *parse_sort_order(std::vector<std::string>{"cumulative"});
    PstatsText text(profile, order);
    return text.print_stats({}) + text.print_callers({}) + text.print_callees({});
}

struct StoredFixture {
    test::TempDir dir;
    std::string file = (dir / "mixed.pstats").string();
    Result<Database> db = Error::plain("");
    Result<FileBytes> bytes = Error::plain("");
    Result<PstatsProfile> profile = Error::plain("");

    explicit StoredFixture(const char* profiler = "cProfile") {
        test::run_fixture(test::python3(), "make_pstats.py", {file, "--profiler", profiler});
        db = Database::open((dir / "store" / "framescope.db").string());
        REQUIRE(db);
        bytes = read_file_bytes(file);
        REQUIRE(bytes);
        profile = load_pstats(bytes->bytes(), {file, bytes->mtime_s()});
        REQUIRE(profile);
    }
};

} // namespace

TEST_CASE("a stored profile reads back as the same report") {
    for (const char* profiler : {"cProfile", "profile"}) {
        CAPTURE(profiler);
        StoredFixture f(profiler);
        Result<ImportOutcome> stored =
            store_pstats(*f.db, content_of(f.bytes->bytes()), *f.profile);
        REQUIRE(stored);
        CHECK_FALSE(stored->already_stored);
        Result<PstatsProfile> back = load_stored_pstats(*f.db, stored->source_id);
        REQUIRE(back);
        CHECK(report(*back) == report(*f.profile));
    }
}

TEST_CASE("importing the same file twice stores it once") {
    StoredFixture f;
    Result<ImportOutcome> first = store_pstats(*f.db, content_of(f.bytes->bytes()), *f.profile);
    REQUIRE(first);
    int64_t edges = test::count_rows(*f.db, "edges");
    CHECK(edges == int64_t(f.profile->callers.size()));
    Result<ImportOutcome> second = store_pstats(*f.db, content_of(f.bytes->bytes()), *f.profile);
    REQUIRE(second);
    CHECK(second->already_stored);
    CHECK(second->source_id == first->source_id);
    CHECK(test::count_rows(*f.db, "sources") == 1);
    CHECK(test::count_rows(*f.db, "edges") == edges);
}

TEST_CASE("an import that fails half-way leaves the database exactly as it was") {
    StoredFixture f;
    REQUIRE(store_pstats(*f.db, content_of(f.bytes->bytes()), *f.profile));
    int64_t sources = test::count_rows(*f.db, "sources"),
            functions = test::count_rows(*f.db, "functions"),
            edges = test::count_rows(*f.db, "edges");

    // A second, different profile whose edge inserts start failing after some rows.
    std::string other = (f.dir / "other.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {other, "--workload", "recursion"});
    Result<FileBytes> bytes = read_file_bytes(other);
    REQUIRE(bytes);
    Result<PstatsProfile> profile = load_pstats(bytes->bytes(), {other, bytes->mtime_s()});
    REQUIRE(profile);
    REQUIRE(profile->callers.size() > 3);
    REQUIRE(f.db->exec("CREATE TEMP TRIGGER fail_late BEFORE INSERT ON edges "
                       "WHEN NEW.callee_id > 2 "
                       "BEGIN SELECT RAISE(ABORT, 'disk full'); END;"));
    Result<ImportOutcome> failed = store_pstats(*f.db, content_of(bytes->bytes()), *profile);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message.find("disk full") != std::string::npos);

    CHECK(test::count_rows(*f.db, "sources") == sources);
    CHECK(test::count_rows(*f.db, "functions") == functions);
    CHECK(test::count_rows(*f.db, "edges") == edges);
    REQUIRE(f.db->exec("DROP TRIGGER fail_late"));
    Result<ImportOutcome> retried = store_pstats(*f.db, content_of(bytes->bytes()), *profile);
    REQUIRE(retried);
    CHECK_FALSE(retried->already_stored);
}

TEST_CASE("a database from a newer framescope is refused, not altered") {
    test::TempDir dir;
    std::string path = (dir / "new.db").string();
    {
        Result<Database> db = Database::open(path);
        REQUIRE(db);
        REQUIRE(db->exec("PRAGMA user_version = 99"));
    }
    Result<Database> again = Database::open(path);
    REQUIRE_FALSE(again);
    CHECK(again.error().message.find("newer") != std::string::npos);
}

} // namespace framescope
