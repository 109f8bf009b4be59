// The framescope command line as a user runs it: stats on files and on stored profiles,
// import into the default or a named database, bucket edits kept in a database (the same
// buckets the window makes of them), and errors on bad files.

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "model/rebucket_job.h"
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

// The lines of `text` (stderr merged), for checking that an error is one line.
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    for (size_t begin = 0; begin < text.size();) {
        size_t end = std::min(text.find('\n', begin), text.size());
        lines.push_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    return lines;
}

TEST_CASE("framescope import refuses what is not ours in one line, the database untouched") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_foreign_files.py", {dir.path().string()});
    std::string good = (dir / "good.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {good});
    std::filesystem::path db = dir / "fs.db";
    std::string env = "FRAMESCOPE_DB=" + test::quote(db.string());
    REQUIRE(test::run_command(framescope("import " + test::quote(good), env)).exit_code == 0);
    const std::string before = test::read_text(db);

    const std::pair<std::string, std::string> refused[] = {
        {"/bin/ls", "looks like an ELF executable"},
        {(dir / "image.png").string(), "looks like a PNG image"},
        {(dir / "data.db").string(), "looks like a SQLite database"},
        {(dir / "archive.zip").string(), "looks like a zip archive that is not a report bundle"},
        {(dir / "list.marshal").string(), "looks like marshal data that is not a profile (list)"},
    };
    for (const auto& [file, looks_like] : refused) {
        CAPTURE(file);
        test::CommandResult r =
            test::run_command(framescope("import " + test::quote(file), env), true);
        CHECK(r.exit_code == 1);
        CHECK(r.output ==
              "framescope: " + file + ": not a profile, bundle or report: " + looks_like + "\n");
        CHECK(test::read_text(db) == before);
    }
}

TEST_CASE("report and buckets name a profile and the command that opens it") {
    test::TempDir dir;
    std::string file = (dir / "x.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {file});
    for (const char* command : {"report", "buckets"}) {
        CAPTURE(command);
        test::CommandResult r =
            test::run_command(framescope(std::string(command) + " " + test::quote(file)), true);
        CHECK(r.exit_code == 1);
        CHECK(r.output == "framescope: " + file + ": a pstats profile; open it with 'framescope " +
                              file + "' or 'framescope stats " + file + "'\n");
    }
}

TEST_CASE("report on a folder of profiles and reports reads the reports, naming the profiles") {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "mixed");
    test::run_fixture(test::python3(), "make_pstats.py", {(dir / "mixed" / "a.pstats").string()});
    test::run_fixture(test::python3(), "make_pstats.py", {(dir / "mixed" / "b.pstats").string()});
    test::run_fixture(test::python3(), "make_foreign_files.py", {(dir / "mixed").string()});
    std::filesystem::remove(dir / "mixed" / "noise.bin");
    test::CommandResult r = test::run_command(
        framescope("report --format json " + test::quote((dir / "mixed").string())) + " 2>" +
        test::quote((dir / "stderr").string()));
    CHECK(r.exit_code == 0);
    CHECK(nlohmann::json::accept(r.output));
    std::string errors = test::read_text(dir / "stderr");
    CHECK(errors.find("skipped " + (dir / "mixed" / "a.pstats").string() + ": a pstats profile") !=
          std::string::npos);
    CHECK(errors.find("skipped " + (dir / "mixed" / "b.pstats").string()) != std::string::npos);
    CHECK(errors.find("image.png: not a profile, bundle or report") != std::string::npos);
    CHECK(r.output.find("KeyError") != std::string::npos); // traceback.txt
    CHECK(r.output.find("a.pstats") == std::string::npos); // not a session

    SUBCASE("without a display, the window's findings hold both") {
        test::CommandResult shown = test::run_command(
            framescope(test::quote((dir / "mixed").string()), "DISPLAY= WAYLAND_DISPLAY="), false);
        CHECK(shown.exit_code == 0);
        CHECK(shown.output.find("function calls") != std::string::npos); // the profiles
        CHECK(shown.output.find("KeyError") != std::string::npos);       // the crash
    }
}

TEST_CASE("hostile files make one line and an exit code, never a crash") {
    test::TempDir dir;
    test::write_text(dir / "empty.txt", "");
    test::write_text(dir / "cut.pstats", std::string("{\x29\x03", 3));
    { std::ofstream huge(dir / "huge.bin"); }
    std::filesystem::resize_file(dir / "huge.bin", 4ull << 30);
    std::string env = "FRAMESCOPE_DB=" + test::quote((dir / "fs.db").string());
    for (const char* name : {"empty.txt", "cut.pstats", "huge.bin"}) {
        std::string file = (dir / name).string();
        for (const char* command : {"import", "report", "buckets"}) {
            CAPTURE(name);
            CAPTURE(command);
            test::CommandResult r = test::run_command(
                framescope(std::string(command) + " " + test::quote(file), env), true);
            CHECK(r.exit_code == 1);
            REQUIRE(lines_of(r.output).size() == 1);
            CHECK(r.output.starts_with("framescope: " + file));
        }
    }
}

TEST_CASE("a bundle's crash text, log and fatal error in cp1252 read as UTF-8") {
    test::TempDir dir;
    std::filesystem::copy(test::samples_dir() / "bundles" / "uncaught-exception", dir / "bundle",
                          std::filesystem::copy_options::recursive);
    test::CommandResult encoded =
        test::run_python3("import sys, os\n"
                          "for name in ('crash-1.txt', 'log.txt', 'fatal.txt'):\n"
                          "    path = os.path.join(sys.argv[1], name)\n"
                          "    text = open(path, encoding='utf-8').read()\n"
                          "    text = text.replace('Traceback', 'C:\\\\Users\\\\Jos\\xe9\\n' "
                          "'Traceback', 1) if name == 'crash-1.txt' else text + 'Jos\\xe9\\n'\n"
                          "    open(path, 'w', encoding='cp1252').write(text)\n",
                          {(dir / "bundle").string()});
    REQUIRE(encoded.exit_code == 0);
    for (const char* command : {"report", "buckets"}) {
        CAPTURE(command);
        test::CommandResult r = test::run_command(framescope(
            std::string(command) + " --format json " + test::quote((dir / "bundle").string())));
        CHECK(r.exit_code == 0);
        CHECK(nlohmann::json::accept(r.output));
        CHECK(r.output.find("José") != std::string::npos);
    }
}

TEST_CASE("buckets --db merges, unmerges and keeps rules, and the window buckets the same") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_crash_reports.py",
                      {dir.path().string(), test::recorder_dir().string(), test::python3()});
    std::string reports = test::quote((dir / "reports").string());
    std::string db = (dir / "framescope.db").string();
    REQUIRE(
        test::run_command(framescope("import --db " + test::quote(db) + " " + reports)).exit_code ==
        0);
    auto buckets = [&](const std::string& args) {
        test::CommandResult run = test::run_command(
            framescope("buckets --format json --db " + test::quote(db) + " " + args));
        REQUIRE_MESSAGE(run.exit_code == 0, args << ": " << run.output);
        return nlohmann::json::parse(run.output);
    };
    auto count_of = [](const nlohmann::json& all, const std::string& key) {
        for (const nlohmann::json& bucket : all)
            if (bucket["signature"] == key)
                return bucket["count"].get<size_t>();
        return size_t(0);
    };
    nlohmann::json plain = buckets("");
    REQUIRE(plain.size() == 6);
    std::string a = plain[0]["signature"], b = plain[1]["signature"];

    nlohmann::json merged = buckets("--merge " + test::quote(a) + " " + test::quote(b));
    REQUIRE(merged.size() == 5);
    CHECK(count_of(merged, b) == plain[0]["count"].get<size_t>() + plain[1]["count"].get<size_t>());
    CHECK(count_of(merged, a) == 0);
    CHECK(buckets("") == merged);      // kept
    CHECK(buckets(reports) == merged); // applied to files named with --db too
    // Merged again: an error, one bucket already.
    CHECK(test::run_command(framescope("buckets --db " + test::quote(db) + " --merge " +
                                       test::quote(a) + " " + test::quote(b)))
              .exit_code == 1);

    // The window's re-bucketing of the same reports, by the same store: the same buckets.
    auto loaded = load_sessions({(dir / "reports").string()});
    REQUIRE(loaded);
    Result<Rebucketed> window = rebucket(*loaded, db, {});
    REQUIRE(window);
    REQUIRE(window->buckets.size() == merged.size());
    for (size_t i = 0; i < merged.size(); ++i) {
        CHECK(window->buckets[i].key() == merged[i]["signature"]);
        CHECK(window->buckets[i].count == merged[i]["count"]);
    }

    nlohmann::json split = buckets("--unmerge " + test::quote(b));
    CHECK(split.size() == 6);
    CHECK(count_of(split, a) == plain[0]["count"].get<size_t>());

    // Rules kept: the KeyError's crash site left out, its caller decides.
    nlohmann::json skipped = buckets("--set-rules --skip lookup_item");
    auto key_error_function = [](const nlohmann::json& all) {
        for (const nlohmann::json& bucket : all)
            if (bucket["exception"] == "KeyError")
                return bucket["frames"][0]["function"].get<std::string>();
        return std::string();
    };
    CHECK(key_error_function(skipped) == "run");
    CHECK(key_error_function(buckets("")) == "run");
    CHECK(key_error_function(buckets("--set-rules")) == "lookup_item"); // cleared

    test::CommandResult no_db = test::run_command(
        framescope("buckets --merge " + test::quote(a) + " " + test::quote(b) + " " + reports));
    CHECK(no_db.exit_code == 2);
}

TEST_CASE("every command that takes --db says in its --help that it takes a path or a URL") {
    for (std::string command :
         {"", "stats", "import", "list", "report", "buckets", "overview", "diff", "serve"}) {
        CAPTURE(command);
        test::CommandResult help = test::run_command(framescope(command + " --help"), true);
        CHECK(help.exit_code == 0);
        CHECK(help.output.find("--db PATH|URL") != std::string::npos);
        size_t at = 0;
        while ((at = help.output.find("--db PATH", at)) != std::string::npos) {
            CHECK(help.output.compare(at, 13, "--db PATH|URL") == 0);
            at += 9;
        }
    }
}

TEST_CASE("a profile larger than memory allows is refused in one line before it is loaded") {
#if defined(__SANITIZE_ADDRESS__)
    MESSAGE("skipped: the address sanitizer reserves more address space than any limit allows");
#else
    if (test::run_command("prlimit --version").exit_code != 0) {
        MESSAGE("skipped: no prlimit to limit the address space with");
        return;
    }
    test::TempDir dir;
    std::string file = (dir / "large.pstats").string();
    test::run_fixture(test::python3(), "make_large_pstats.py", {file, "20000", "50", "3"});
    REQUIRE(std::filesystem::file_size(file) > (30u << 20));
    // Enough address space to start, far less than the profile needs.
    for (const char* options : {"", " --callers"}) {
        CAPTURE(options);
        test::CommandResult r = test::run_command(
            "prlimit --as=100000000 " + framescope("stats " + test::quote(file) + options), true);
        CHECK(r.exit_code == 1);
        REQUIRE(lines_of(r.output).size() == 1);
        CHECK(r.output.starts_with("framescope: " + file +
                                   ": too big for this machine: needs about "));
        CHECK(r.output.find(" MB available\n") != std::string::npos);
    }
    test::CommandResult unlimited =
        test::run_command(framescope("stats " + test::quote(file) + " --limit 3"));
    CHECK(unlimited.exit_code == 0);
#endif
}

} // namespace framescope
