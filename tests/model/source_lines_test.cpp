// A function's source found from the line pstats records for it (cProfile at test time on a
// decorated function, a method and a nested loop), read as recorded or through a mapping.

#include <doctest/doctest.h>

#include "loaders/pstats_loader.h"
#include "model/source_lines.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("source lines: from pstats' first line to the end of the body, mapped when moved") {
    test::TempDir dir;
    const std::string source = "import cProfile, functools, sys\n"
                               "\n"
                               "def logged(f):\n"
                               "    @functools.wraps(f)\n"
                               "    def wrapper(*args):\n"
                               "        return f(*args)\n"
                               "    return wrapper\n"
                               "\n"
                               "@logged\n"
                               "def step(n):\n"
                               "    total = 0\n"
                               "\n"
                               "    for i in range(n):\n"
                               "        total += i\n"
                               "    return total\n"
                               "\n"
                               "class World:\n"
                               "    def update(self):\n"
                               "        return step(1000)\n"
                               "\n"
                               "cProfile.run('World().update()', sys.argv[1])\n";
    test::write_text(dir / "game.py", source);
    test::CommandResult run = test::run_command(test::quote(test::python3()) + " " +
                                                test::quote((dir / "game.py").string()) + " " +
                                                test::quote((dir / "game.pstats").string()));
    REQUIRE(run.exit_code == 0);
    Result<PstatsProfile> profile = load_pstats_file((dir / "game.pstats").string());
    REQUIRE(profile);
    auto line_of = [&](std::string_view name) {
        for (FunctionId f = 0; f < profile->function_count; ++f)
            if (profile->name(f) == name && profile->file(f).ends_with("game.py"))
                return uint32_t(profile->line(f));
        return uint32_t(0);
    };
    const std::string file = (dir / "game.py").string();

    Result<SourceExcerpt> step = read_source(file, line_of("step"), {});
    REQUIRE(step);
    CHECK(step->lines.front() == "@logged");
    CHECK(step->lines.back() == "    return total");
    CHECK(step->lines.size() == 7);
    CHECK(step->first_line == 9);

    Result<SourceExcerpt> update = read_source(file, line_of("update"), {});
    REQUIRE(update);
    CHECK(update->lines.front() == "    def update(self):");
    CHECK(update->lines.size() == 2);
    CHECK(update->marked_line == update->first_line);

    // A line inside a body (a sample's or a traceback's) shows its whole function, marked.
    Result<SourceExcerpt> inside = read_source(file, 14, {});
    REQUIRE(inside);
    CHECK(inside->first_line == 9);
    CHECK(inside->marked_line == 14);

    // Recorded on another machine: not found as recorded, found through a mapping.
    const std::string recorded = "/home/someone/checkout/game.py";
    Result<SourceExcerpt> unmapped = read_source(recorded, line_of("step"), {});
    REQUIRE_FALSE(unmapped);
    CHECK(unmapped.error().to_string().find("path mapping") != std::string::npos);
    Result<SourceExcerpt> mapped =
        read_source(recorded, line_of("step"), {{"/home/someone/checkout", dir.path().string()}});
    REQUIRE(mapped);
    CHECK(mapped->lines.front() == "@logged");

    CHECK_FALSE(read_source("~", 0, {}));
    CHECK_FALSE(read_source(file, 500, {})); // not the file that was profiled
}

} // namespace framescope
