// Which store a --db value names, how a URL is shown, and SQLite's placeholders as
// PostgreSQL's: what needs no server.

#include <doctest/doctest.h>

#include "store/database.h"
#include "store/postgres_connection.h"
#include "store/store_url.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("a --db value is a file path, a PostgreSQL URL, or an error naming its scheme") {
    CHECK(*store_kind_of("framescope.db") == StoreKind::sqlite);
    CHECK(*store_kind_of("/data/stores/a:b.db") == StoreKind::sqlite);
    CHECK(*store_kind_of("./odd name://x.db") == StoreKind::sqlite); // not a scheme
    CHECK(*store_kind_of("postgresql://ci@db.example:5432/framescope") == StoreKind::postgres);
    CHECK(*store_kind_of("postgres://ci@db.example/framescope") == StoreKind::postgres);
    CHECK(*store_kind_of("PostgreSQL://ci@db.example/framescope") == StoreKind::postgres);
    Result<StoreKind> other = store_kind_of("mysql://root:pw@db.example/framescope");
    REQUIRE(!other);
    CHECK(other.error().message ==
          "unsupported store URL scheme 'mysql' in 'mysql://root@db.example/framescope' (a file "
          "path, or postgresql://)");
}

TEST_CASE("a store URL is shown without its password") {
    CHECK(url_for_display("postgresql://ci:secret@db:5432/fs") == "postgresql://ci@db:5432/fs");
    CHECK(url_for_display("postgresql://ci@db/fs?password=secret&sslmode=require") ==
          "postgresql://ci@db/fs");
    CHECK(url_for_display("postgresql://db:5432/fs") == "postgresql://db:5432/fs");
}

TEST_CASE("SQLite's placeholders become PostgreSQL's numbered ones, outside quotes") {
    int count = 0;
    CHECK(numbered_placeholders("SELECT a FROM t WHERE b = ? AND c = '?' AND \"?\" = ?", count) ==
          "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"?\" = $2");
    CHECK(count == 2);
}

TEST_CASE("opening a --db of another scheme is an error and creates no file") {
    test::TempDir dir;
    std::string url = "sqlite://" + (dir / "store.db").string();
    Result<Database> db = Database::open(url);
    REQUIRE(!db);
    CHECK(db.error().message.find("unsupported store URL scheme 'sqlite'") != std::string::npos);
    CHECK(std::filesystem::is_empty(dir.path()));
}

} // namespace framescope
