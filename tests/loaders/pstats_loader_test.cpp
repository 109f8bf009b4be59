// The pstats loader's model of a real profile: the same functions, calls and caller edges
// that Python sees when it loads the file.

#include <doctest/doctest.h>

#include "loaders/pstats_loader.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("pstats loader reads the functions, totals and caller edges Python reads") {
    test::TempDir dir;
    std::string file = (dir / "mixed.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {file});
    // Python's own view of the file: functions, edges, total and primitive calls.
    test::write_text(dir / "count.py",
                     "import marshal, sys\n"
                     "d = marshal.load(open(sys.argv[1], 'rb'))\n"
                     "print(len(d), sum(len(v[4]) for v in d.values()),\n"
                     "      sum(v[1] for v in d.values()), sum(v[0] for v in d.values()),\n"
                     "      len({c for v in d.values() for c in v[4]} - set(d)))\n");
    test::CommandResult python =
        test::run_command(test::quote(test::python3()) + " " +
                          test::quote((dir / "count.py").string()) + " " + test::quote(file));
    REQUIRE(python.exit_code == 0);

    Result<PstatsProfile> profile = load_pstats_file(file);
    REQUIRE(profile);
    std::string ours = std::to_string(profile->function_count) + " " +
                       std::to_string(profile->callers.size()) + " " +
                       std::to_string(profile->total_calls) + " " +
                       std::to_string(profile->total_prim_calls) + " " +
                       std::to_string(profile->keys.size() - profile->function_count) + "\n";
    CHECK(ours == python.output);

    // Recursion shows as primitive calls fewer than calls on fib.
    bool found_fib = false;
    for (FunctionId f = 0; f < profile->function_count; ++f) {
        if (profile->name(f) != "fib")
            continue;
        found_fib = true;
        CHECK(profile->calls[f] > profile->prim_calls[f]);
        CHECK(profile->file(f) == (test::fixtures_dir() / "make_pstats.py").string());
    }
    CHECK(found_fib);
}

TEST_CASE("pstats loader names a function by its code object's name where profile put one") {
    test::TempDir dir;
    std::string file = (dir / "profile.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {file, "--profiler", "profile"});
    Result<PstatsProfile> profile = load_pstats_file(file);
    REQUIRE(profile);
    bool found = false;
    for (FunctionId f = 0; f < profile->function_count; ++f)
        found = found || (profile->file(f) == "profile" && profile->name(f) == "<module>");
    CHECK(found);
}

TEST_CASE("text that is not UTF-8 is read as latin-1, as Python 2 byte strings need") {
    CHECK(decode_python_text("caf\xc3\xa9") == "caf\xc3\xa9");
    CHECK(decode_python_text("caf\xe9") == "caf\xc3\xa9");
    CHECK(decode_python_text("\xed\xa0\x80") == "\xed\xa0\x80"); // a surrogate, as Python writes
    CHECK(decode_python_text("\xc0\x80") == "\xc3\x80\xc2\x80"); // overlong: not UTF-8
}

} // namespace framescope
