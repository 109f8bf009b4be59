// The framescope command line as a user runs it: stats on files and on stored profiles,
// import into the default or a named database, and errors on bad files.

#include <filesystem>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::string framescope(const std::string& args, const std::string& env = "") {
    return env + " " + test::quote(test::framescope_binary()) + " " + args;
}

} // namespace

TEST_CASE("framescope stats prints what python -c 'pstats.Stats(...)...' prints") {
    test::TempDir dir;
    std::string file = (dir / "mixed.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {file});
    test::CommandResult python = test::run_command(
        test::quote(test::python3()) + " -c " +
        test::quote("import pstats, sys\n"
                    "pstats.Stats(sys.argv[1]).strip_dirs().sort_stats('calls', 'time')"
                    ".print_stats('fib|squares', 2)") +
        " " + test::quote(file));
    REQUIRE(python.exit_code == 0);
    test::CommandResult ours =
        test::run_command(framescope("stats " + test::quote(file) +
                                     " --strip-dirs --sort calls,time --filter 'fib|squares' "
                                     "--limit 2"));
    CHECK(ours.exit_code == 0);
    CHECK(ours.output == python.output);
}

TEST_CASE("framescope stats on a bad file prints one line naming the file and offset") {
    test::TempDir dir;
    std::string file = (dir / "notes.txt").string();
    test::write_text(dir / "notes.txt", "just some notes\n");
    test::CommandResult r = test::run_command(framescope("stats " + test::quote(file)), true);
    CHECK(r.exit_code == 1);
    CHECK(r.output == "framescope: " + file + ":0x0: unknown marshal type code 0x6a\n");

    test::CommandResult missing =
        test::run_command(framescope("stats " + test::quote(file + ".missing")), true);
    CHECK(missing.exit_code == 1);
    CHECK(missing.output.find(file + ".missing: No such file") != std::string::npos);

    test::CommandResult bad_key =
        test::run_command(framescope("stats --sort cum " + test::quote(file)), true);
    CHECK(bad_key.exit_code == 2);
    CHECK(bad_key.output.find("unknown sort key 'cum'") != std::string::npos);
}

TEST_CASE("framescope import stores once, and stats reads the stored profile") {
    test::TempDir dir;
    std::string good = (dir / "good.pstats").string(), bad = (dir / "bad.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {good});
    test::write_text(dir / "bad.pstats", std::string("{\x29\x03", 3));
    std::string env = "FRAMESCOPE_DB=" + test::quote((dir / "db" / "fs.db").string());

    test::CommandResult first = test::run_command(
        framescope("import " + test::quote(bad) + " " + test::quote(good), env), true);
    CHECK(first.exit_code == 1); // the bad file failed; the good one is stored all the same
    CHECK(first.output.find(bad + ":0x") != std::string::npos);
    CHECK(first.output.find("@1 imported " + good) != std::string::npos);

    test::CommandResult again = test::run_command(framescope("import " + test::quote(good), env));
    CHECK(again.exit_code == 0);
    CHECK(again.output == "@1 already stored: " + good + "\n");

    std::string options = " --sort tottime --callers";
    test::CommandResult from_file =
        test::run_command(framescope("stats " + test::quote(good) + options));
    test::CommandResult from_store = test::run_command(framescope("stats @1" + options, env));
    CHECK(from_store.exit_code == 0);
    CHECK(from_store.output == from_file.output);

    test::CommandResult list = test::run_command(framescope("list", env));
    CHECK(list.output.find(good) != std::string::npos);
}

TEST_CASE("the default database lives under XDG_DATA_HOME") {
    test::TempDir dir;
    std::string file = (dir / "p.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {file, "--workload", "recursion"});
    std::string env = "FRAMESCOPE_DB= XDG_DATA_HOME=" + test::quote((dir / "data").string());
    test::CommandResult r = test::run_command(framescope("import " + test::quote(file), env));
    CHECK(r.exit_code == 0);
    CHECK(std::filesystem::exists(dir / "data" / "framescope" / "framescope.db"));
}

TEST_CASE("report and buckets read a traceback in cp1252, UTF-16 and UTF-8 with a mark") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_encoded_reports.py", {dir.path().string()});
    for (const char* name : {"cp1252.txt", "utf16le.txt", "utf8bom.txt"}) {
        CAPTURE(name);
        std::string file = test::quote((dir / name).string());
        for (const char* command : {"buckets", "report"}) {
            CAPTURE(command);
            test::CommandResult r =
                test::run_command(framescope(std::string(command) + " --format json " + file));
            CHECK(r.exit_code == 0);
            CHECK(nlohmann::json::accept(r.output));
            CHECK(r.output.find("C:\\\\Users\\\\José\\\\app.py") != std::string::npos);
        }
    }
}

} // namespace framescope
