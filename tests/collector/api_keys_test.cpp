// The collector's keys file and listen address, read as a user writes them.

#include <doctest/doctest.h>

#include "collector/api_keys.h"
#include "collector/listen_address.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("a keys file maps each key to its app, skipping comments and blank lines") {
    test::TempDir dir;
    test::write_text(dir / "keys", "# key app\n\n  k-1   game  \nk-2 editor # not a comment\n");
    Result<ApiKeys> bad = ApiKeys::read((dir / "keys").string());
    REQUIRE(!bad);
    CHECK(bad.error().to_string() == (dir / "keys").string() + ":4: expected 'KEY APP'");

    test::write_text(dir / "keys", "# key app\n\n  k-1   game  \nk-2 editor\n");
    Result<ApiKeys> keys = ApiKeys::read((dir / "keys").string());
    REQUIRE_MESSAGE(keys, keys.error().to_string());
    CHECK(keys->size() == 2);
    CHECK(keys->app_for("k-1") == "game");
    CHECK(keys->app_for("k-2") == "editor");
    CHECK(keys->app_for("k-") == std::nullopt);
    CHECK(keys->app_for("k-10") == std::nullopt);
    CHECK(keys->app_for("") == std::nullopt);

    test::write_text(dir / "keys", "k-1 game\nk-1 editor\n");
    Result<ApiKeys> twice = ApiKeys::read((dir / "keys").string());
    REQUIRE(!twice);
    CHECK(twice.error().line == 2);
    test::write_text(dir / "keys", "# nothing yet\n");
    CHECK(!ApiKeys::read((dir / "keys").string()));
    CHECK(!ApiKeys::read((dir / "missing").string()));
}

TEST_CASE("a listen address is HOST:PORT, and only loopback hosts are local") {
    Result<ListenAddress> local = parse_listen_address("127.0.0.1:8750");
    REQUIRE(local);
    CHECK(local->host == "127.0.0.1");
    CHECK(local->port == 8750);
    Result<ListenAddress> v6 = parse_listen_address("[::1]:0");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->port == 0);
    for (const char* bad : {"8750", ":8750", "host:", "host:x", "host:70000", "host:-1"}) {
        CAPTURE(bad);
        CHECK(!parse_listen_address(bad));
    }
    CHECK(is_loopback("127.0.0.1"));
    CHECK(is_loopback("::1"));
    CHECK(is_loopback("localhost"));
    CHECK(!is_loopback("0.0.0.0"));
    CHECK(!is_loopback("192.168.1.2"));
}

} // namespace framescope
