// The store on a real PostgreSQL server, through the framescope command line as a user runs
// it: the same inputs give the same findings as from SQLite, imports are idempotent even
// when they race, and a server that stops halfway loses nothing acknowledged and keeps
// nothing partial. Without a server (no PostgreSQL binaries) each test says it is skipped.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>

#include "store/bucket_edits.h"
#include "store/database.h"
#include "tests/support/postgres_test_server.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

test::CommandResult framescope(const std::string& args) {
    return test::run_command(test::quote(test::framescope_binary()) + " " + args, true);
}

std::string with_db(const std::string& command, const std::string& db) {
    return command + " --db " + test::quote(db);
}

// `list` without its import times, which differ between two imports.
std::string listed(const std::string& db) {
    test::CommandResult run = framescope(with_db("list", db));
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    return std::regex_replace(run.output, std::regex("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"), "TIME");
}

// What a command prints from a store, the store's own name left out.
std::string printed(const std::string& command, const std::string& db) {
    test::CommandResult run = framescope(with_db(command, db));
    REQUIRE_MESSAGE(run.exit_code == 0, command << ": " << run.output);
    std::string out = run.output;
    for (size_t at; (at = out.find(db)) != std::string::npos;)
        out.replace(at, db.size(), "STORE");
    return out;
}

// Each "@ID imported PATH" line of an import's output: PATH -> ID.
std::map<std::string, std::string> acknowledged(const std::string& output) {
    std::map<std::string, std::string> imports;
    std::regex line("@(\\d+) imported (\\S+)");
    for (std::sregex_iterator it(output.begin(), output.end(), line), end; it != end; ++it)
        imports[(*it)[2]] = (*it)[1];
    return imports;
}

// Stored path -> how many sources hold it, from `list`.
std::map<std::string, int> stored_paths(const std::string& db) {
    std::map<std::string, int> paths;
    std::string out = listed(db);
    std::regex line("@\\d+ .* (\\S+)\\n");
    for (std::sregex_iterator it(out.begin(), out.end(), line), end; it != end; ++it)
        paths[(*it)[1]]++;
    return paths;
}

// The window's first picture of the store `db`, as RGBA rows; empty without xvfb-run.
std::vector<unsigned char> window_picture(const std::string& db, const test::TempDir& dir) {
    if (test::run_command("command -v xvfb-run >/dev/null").exit_code != 0)
        return {};
    std::string png = (dir / "window.png").string();
    test::CommandResult run = test::run_command(
        "ASAN_OPTIONS=detect_leaks=0 xvfb-run -a -s '-screen 0 1400x900x24' " +
            test::quote(test::framescope_binary()) + " --size 1200x800 --screenshot " +
            test::quote(png) + " --db " + test::quote(db),
        true);
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    int width = 0, height = 0, channels = 0;
    unsigned char* data = stbi_load(png.c_str(), &width, &height, &channels, 4);
    REQUIRE(data != nullptr);
    std::vector<unsigned char> rgba(data, data + size_t(width) * size_t(height) * 4);
    stbi_image_free(data);
    return rgba;
}

} // namespace

TEST_CASE("the window opens the store overview of a PostgreSQL store as of a SQLite one") {
    std::string postgres = test::postgres_database("window");
    if (postgres.empty())
        return;
    test::TempDir dir;
    std::string sqlite = (dir / "framescope.db").string();
    std::string bundles = test::quote((test::samples_dir() / "bundles").string());
    REQUIRE(framescope(with_db("import " + bundles, sqlite)).exit_code == 0);
    REQUIRE(framescope(with_db("import " + bundles, postgres)).exit_code == 0);
    std::vector<unsigned char> from_sqlite = window_picture(sqlite, dir);
    if (from_sqlite.empty()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    std::vector<unsigned char> from_postgres = window_picture(postgres, dir);
    REQUIRE(from_postgres.size() == from_sqlite.size());
    // Below the first line, which names the store, the pictures are the same to the pixel.
    size_t first_line = 1200 * 4 * 30;
    CHECK(std::equal(from_sqlite.begin() + first_line, from_sqlite.end(),
                     from_postgres.begin() + first_line));
}

TEST_CASE("the same inputs give the same list, overview, buckets, report and stats from "
          "SQLite and PostgreSQL") {
    std::string postgres = test::postgres_database("same_findings");
    if (postgres.empty())
        return;
    test::TempDir dir;
    std::string sqlite = (dir / "framescope.db").string();
    test::run_fixture(test::python3(), "make_crash_reports.py",
                      {dir.path().string(), test::recorder_dir().string(), test::python3()});
    std::string inputs;
    for (const char* input :
         {"profiles/frame_loop.pstats", "profiles/frame_loop_after.pstats", "bundles", "stdlib"})
        inputs += " " + test::quote((test::samples_dir() / input).string());
    inputs += " " + test::quote((dir / "reports").string());

    std::string import = printed("import" + inputs, sqlite);
    CHECK(printed("import" + inputs, postgres) == import);
    CHECK(listed(postgres) == listed(sqlite));
    for (const char* command :
         {"overview --format json", "buckets --format json", "report --format json",
          "stats @1 --sort tottime --callers", "stats @2 --sort cumulative", "report @3 @4"})
        CHECK_MESSAGE(printed(command, postgres) == printed(command, sqlite), command);

    // Bucket edits kept in each store give the same buckets.
    nlohmann::json buckets = nlohmann::json::parse(printed("buckets --format json", sqlite));
    REQUIRE(buckets.size() >= 2);
    std::string merge = "buckets --format json --merge " + test::quote(buckets[0]["signature"]) +
                        " " + test::quote(buckets[1]["signature"]);
    CHECK(printed(merge, postgres) == printed(merge, sqlite));
    CHECK(printed("buckets --format json --set-rules --skip lookup_item", postgres) ==
          printed("buckets --format json --set-rules --skip lookup_item", sqlite));

    // The window's store overview, headless: the same text.
    CHECK(printed("", postgres) == printed("", sqlite));
}

namespace {

// A mixed store in `db`: the recorded sample bundles, stall traces, crash reports pasted and
// recorded, and a bundle whose recorder dropped crashes; one session's crash reports as a
// store before schema version 3 kept them (no rows: their texts are parsed when read).
// Returns the @IDs of the sessions stored.
std::string fill_mixed_store(const std::string& db, const test::TempDir& dir) {
    std::string inputs;
    for (const char* input : {"bundles", "stdlib"})
        inputs += " " + test::quote((test::samples_dir() / input).string());
    for (const char* input : {"reports", "dropped"})
        inputs += " " + test::quote((dir / input).string());
    test::CommandResult import = framescope(with_db("import" + inputs, db));
    REQUIRE_MESSAGE(import.exit_code == 0, import.output);
    std::set<int> stored;
    for (const auto& [path, id] : acknowledged(import.output))
        stored.insert(std::stoi(id));
    std::string ids;
    for (int id : stored)
        ids += " @" + std::to_string(id);
    Result<Database> store = Database::open(db);
    REQUIRE(store);
    Result<Statement> crashed = store->prepare("SELECT min(source_id) FROM crash_reports");
    REQUIRE(crashed);
    std::optional<Error> error;
    REQUIRE(crashed->step(error));
    std::string old = std::to_string(crashed->column_int(0));
    for (const char* table : {"crash_frames", "crash_exceptions", "crash_reports"})
        REQUIRE(store->exec(
            (std::string("DELETE FROM ") + table + " WHERE source_id = " + old).c_str()));
    return ids;
}

// The sample bundle that raised, as another process whose recorder dropped 7 crashes past
// its limit.
std::filesystem::path write_dropped_bundle(const test::TempDir& dir) {
    std::filesystem::path bundle = dir / "dropped" / "uncaught-exception-dropped";
    std::filesystem::create_directories(bundle.parent_path());
    std::filesystem::copy(test::samples_dir() / "bundles" / "uncaught-exception", bundle);
    test::run_command(test::quote(test::python3()) + " -c " +
                      test::quote("import json, sys\n"
                                  "def edit(name, key, value):\n"
                                  "    path = sys.argv[1] + '/' + name\n"
                                  "    record = json.load(open(path))\n"
                                  "    record[key] = value(record.get(key))\n"
                                  "    json.dump(record, open(path, 'w'))\n"
                                  "edit('end.json', 'crashes_dropped', lambda _: 7)\n"
                                  "edit('session.json', 'pid', lambda pid: pid + 1)\n") +
                      " " + test::quote(bundle.string()));
    return bundle;
}

} // namespace

TEST_CASE("report and buckets over a whole store read it in bulk with the findings of reading "
          "each session in full, on SQLite and PostgreSQL") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_crash_reports.py",
                      {dir.path().string(), test::recorder_dir().string(), test::python3()});
    write_dropped_bundle(dir);
    std::vector<std::string> stores = {(dir / "framescope.db").string()};
    if (std::string postgres = test::postgres_database("bulk_reads"); !postgres.empty())
        stores.push_back(postgres);
    for (const std::string& db : stores) {
        std::string ids = fill_mixed_store(db, dir);
        for (const char* command : {"report --format json", "buckets --format json"}) {
            std::string bulk = printed(command, db);
            CHECK_MESSAGE(bulk == printed(command + ids, db), command << " on " << db);
            CHECK(bulk.find("\"signature\"") != std::string::npos);
        }
    }
}

TEST_CASE("a stored session's findings count the crashes its recorder dropped, on SQLite and "
          "PostgreSQL") {
    test::TempDir dir;
    std::string bundle = test::quote(write_dropped_bundle(dir).string());
    std::vector<std::string> stores = {(dir / "framescope.db").string()};
    if (std::string postgres = test::postgres_database("dropped_crashes"); !postgres.empty())
        stores.push_back(postgres);
    test::CommandResult from_file = framescope("report --format json " + bundle);
    REQUIRE(from_file.exit_code == 0);
    REQUIRE(nlohmann::json::parse(from_file.output)["sessions"][0]["crashes_dropped"] == 7);
    for (const std::string& db : stores) {
        REQUIRE(framescope(with_db("import " + bundle, db)).exit_code == 0);
        for (const char* command : {"report --format json", "report --format json @1"}) {
            nlohmann::json findings = nlohmann::json::parse(printed(command, db));
            CHECK_MESSAGE(findings["sessions"][0]["crashes_dropped"] == 7, command << " on " << db);
        }
        CHECK(printed("report", db).find("7 more crashes not recorded") != std::string::npos);
    }
}

TEST_CASE("importing again on PostgreSQL says already stored, and two imports racing store "
          "a file once") {
    std::string postgres = test::postgres_database("idempotent_imports");
    if (postgres.empty())
        return;
    test::TempDir dir;
    std::string file = (dir / "race.pstats").string();
    test::run_fixture(test::python3(), "make_large_pstats.py", {file, "3000", "5", "7"});
    std::string again = (test::samples_dir() / "profiles" / "frame_loop.pstats").string();
    test::CommandResult first = framescope(with_db("import " + test::quote(again), postgres));
    CHECK(first.output == "@1 imported " + again + "\n");
    test::CommandResult second = framescope(with_db("import " + test::quote(again), postgres));
    CHECK(second.output == "@1 already stored: " + again + "\n");

    // Four collectors receive the same file at once.
    std::string one = test::quote(test::framescope_binary()) + " import --db " +
                      test::quote(postgres) + " " + test::quote(file);
    test::CommandResult race =
        test::run_command("(" + one + " & " + one + " & " + one + " & " + one + " & wait)", true);
    std::smatch id;
    REQUIRE_MESSAGE(std::regex_search(race.output, id, std::regex("@(\\d+) imported")),
                    race.output);
    // One of them imports it; the others find it stored, with the same id.
    std::string expected;
    for (int i = 0; i < 4; ++i)
        expected += "@" + id[1].str() + " imported " + file + "\n";
    CHECK(std::regex_replace(race.output, std::regex("already stored: "), "imported ") == expected);
    CHECK(std::regex_replace(race.output, std::regex("already stored: "), "") !=
          race.output); // not all four imported it
    CHECK(stored_paths(postgres)[file] == 1);
}

TEST_CASE("a failing row among inserts streamed to PostgreSQL fails its transaction, and "
          "nothing of it is stored") {
    std::string postgres = test::postgres_database("streamed_inserts");
    if (postgres.empty())
        return;
    Result<Database> db = Database::open(postgres);
    REQUIRE(db);
    {
        Result<Transaction> tx = Transaction::begin(*db);
        REQUIRE(tx);
        Result<Statement> insert =
            db->prepare("INSERT INTO bucket_rules (kind, value) VALUES ('app_path', ?)");
        REQUIRE(insert);
        Status failed = Ok{};
        for (int i = 0; i < 3000 && failed; ++i) // the empty value breaks the table's CHECK
            failed = insert->bind(1, std::string_view(i == 2500 ? "" : std::to_string(i))).run();
        if (failed)
            failed = tx->commit();
        REQUIRE(!failed);
        CHECK(failed.error().message.find("bucket_rules_value_check") != std::string::npos);
        CHECK(failed.error().message.find("INSERT INTO bucket_rules") != std::string::npos);
    }
    CHECK(test::count_rows(*db, "bucket_rules") == 0);
    // The connection goes on working.
    REQUIRE(set_bucket_rules(*db, {"shop/"}, {}));
    CHECK(test::count_rows(*db, "bucket_rules") == 1);
}

TEST_CASE("an unreachable PostgreSQL server is one line naming its host and port") {
    test::CommandResult run = framescope("list --db postgresql://framescope@127.0.0.1:9/nowhere");
    CHECK(run.exit_code == 1);
    CHECK(run.output.find('\n') == run.output.size() - 1);
    CHECK(run.output.find("postgresql://framescope@127.0.0.1:9/nowhere: cannot connect") !=
          std::string::npos);
    CHECK(run.output.find("port 9") != std::string::npos);
}

TEST_CASE("a PostgreSQL server stopped halfway through imports keeps every acknowledged import "
          "once and none partially") {
    test::PrivatePostgresServer server(1);
    if (server.url().empty())
        return;
    test::TempDir dir;
    std::vector<std::string> files;
    for (int i = 0; i < 10; ++i) {
        files.push_back((dir / ("profile_" + std::to_string(i) + ".pstats")).string());
        test::run_fixture(test::python3(), "make_large_pstats.py",
                          {files.back(), "6000", "8", std::to_string(i)});
    }
    REQUIRE(framescope(with_db("list", server.url())).exit_code == 0); // the schema is there

    // One import after another, as uploads reach a collector; the server stops in the middle
    // of the third and starts again while the next ones try.
    std::string loop;
    for (const std::string& file : files)
        loop += test::quote(test::framescope_binary()) + " import --db " +
                test::quote(server.url()) + " " + test::quote(file) +
                "; echo \"exit $?\"; sleep 0.3; ";
    std::filesystem::path log = dir / "imports.log";
    std::thread collector([&] {
        (void)test::run_command("(" + loop + ") > " + test::quote(log.string()) + " 2>&1");
    });
    auto finished = [&] {
        std::ifstream in(log);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        size_t count = 0;
        for (size_t at = 0; (at = text.find("exit ", at)) != std::string::npos; ++at)
            ++count;
        return count;
    };
    while (finished() < 2)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    // The loop's pause, the next process' start, then into its import's writes.
    std::this_thread::sleep_for(std::chrono::milliseconds(650));
    server.kill();
    // Down longer than the loop's pause: the import after the one cut off fails too.
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    server.resume();
    collector.join();
    test::CommandResult imports{0, test::read_text(log)};

    std::map<std::string, std::string> done = acknowledged(imports.output);
    INFO(imports.output);
    CHECK(done.size() < files.size()); // some failed while the server was down
    CHECK(done.size() > 2);            // and some went in after it came back
    std::regex exit_line("exit (\\d+)");
    for (std::sregex_iterator it(imports.output.begin(), imports.output.end(), exit_line), end;
         it != end; ++it)
        CHECK(((*it)[1] == "0" || (*it)[1] == "1")); // an error, never a crash

    // Every acknowledged import is there once, and whatever is stored is whole.
    std::map<std::string, int> stored = stored_paths(server.url());
    for (const auto& [file, id] : done)
        CHECK_MESSAGE(stored[file] == 1, file);
    test::CommandResult list = framescope(with_db("list", server.url()));
    std::regex source_line("@(\\d+) .* (\\S+)\\n");
    for (std::sregex_iterator it(list.output.begin(), list.output.end(), source_line), end;
         it != end; ++it) {
        test::CommandResult from_store =
            framescope(with_db("stats @" + (*it)[1].str() + " --sort tottime", server.url()));
        test::CommandResult from_file =
            framescope("stats " + test::quote((*it)[2]) + " --sort tottime");
        CHECK(from_store.exit_code == 0);
        CHECK(from_store.output == from_file.output);
    }

    // Later imports work: the rest goes in, nothing twice.
    std::string all;
    for (const std::string& file : files)
        all += " " + test::quote(file);
    CHECK(framescope(with_db("import" + all, server.url())).exit_code == 0);
    stored = stored_paths(server.url());
    CHECK(stored.size() == files.size());
    for (const std::string& file : files)
        CHECK_MESSAGE(stored[file] == 1, file);
}

} // namespace framescope
