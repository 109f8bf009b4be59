// What the views call a function, on a profile cProfile writes at test time of code installed
// under a long site-packages path: the name first, then its place inside its package.

#include <doctest/doctest.h>

#include "loaders/pstats_loader.h"
#include "model/function_names.h"
#include "model/function_search.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("function names: the name, then its place inside its package, the path in full apart") {
    test::TempDir dir;
    std::filesystem::path package =
        dir / "mnt" / "projects" / "venv" / "lib64" / "python3.11" / "site-packages" / "game";
    std::filesystem::create_directories(package);
    test::write_text(package / "__init__.py", "");
    test::write_text(package / "world.py", "import time\n\ndef update():\n    time.sleep(0.001)\n");
    test::CommandResult run =
        test::run_python3("import cProfile, sys\n"
                          "sys.path.insert(0, sys.argv[1])\n"
                          "import game.world\n"
                          "cProfile.run('game.world.update()', sys.argv[2])\n",
                          {package.parent_path().string(), (dir / "out.pstats").string()});
    REQUIRE(run.exit_code == 0);
    Result<PstatsProfile> profile = load_pstats_file((dir / "out.pstats").string());
    REQUIRE(profile);
    FunctionNames names(*profile);
    bool update_seen = false, built_in_seen = false;
    for (FunctionId f = 0; f < profile->function_count; ++f) {
        if (profile->name(f) == "update") {
            update_seen = true;
            CHECK(names.place(f) == "game/world.py:3");
            CHECK(names.place(f, true) == "world.py:3");
            CHECK(names.label(*profile, f) == "update  game/world.py:3");
            CHECK(function_label(*profile, f).find("/mnt/projects/") != std::string::npos);
        }
        if (profile->name(f).find("time.sleep") != std::string_view::npos) {
            built_in_seen = true;
            CHECK(names.place(f).empty());
            CHECK(names.label(*profile, f) == profile->name(f));
        }
    }
    CHECK(update_seen);
    CHECK(built_in_seen);

    // The window's search on the same profile: any case, Python's regex, shares, order.
    Result<FunctionSearch> plain = search_functions(*profile, "UPDATE", false);
    REQUIRE(plain);
    REQUIRE(plain->ordered.size() == 1);
    CHECK(profile->name(plain->ordered[0]) == "update");
    // pstats labels built-ins "{built-in method time.sleep}".
    Result<FunctionSearch> regex =
        search_functions(*profile, "(?<=\\()update\\)|\\{built-in method time\\.sleep\\}", true);
    REQUIRE(regex);
    REQUIRE(regex->ordered.size() == 2);
    CHECK(profile->cumulative_s[regex->ordered[0]] >= profile->cumulative_s[regex->ordered[1]]);
    CHECK(regex->share > 0.5); // sleeping is nearly all of the run's own time
    CHECK(regex->share <= 1.0);
    Result<FunctionSearch> unfinished = search_functions(*profile, "(upd", true);
    REQUIRE(unfinished);
    CHECK(unfinished->matches_all());
    CHECK(unfinished->error.find("(upd") != std::string::npos);
}

TEST_CASE("durations read in the unit that fits, three significant digits") {
    CHECK(format_duration(0) == "0");
    CHECK(format_duration(30.04) == "30.0 s");
    CHECK(format_duration(1.25) == "1.25 s");
    CHECK(format_duration(0.0123) == "12.3 ms");
    CHECK(format_duration(0.00085) == "850 \u00b5s");
    CHECK(format_duration(4.2e-8) == "42.0 ns");
    CHECK(format_duration(-0.002) == "-2.00 ms");
}

} // namespace framescope
