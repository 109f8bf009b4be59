// Crash buckets on a mixed folder of real reports of one application with six bugs, crashed
// on CPython and PyPy, from two releases installed at two places, as bundles and as pasted
// text: exactly one bucket per bug, with the releases it shows in; rules re-bucket the
// stored reports at once; unreadable text is kept as unparsed.

#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "loaders/crash_report.h"
#include "model/crash_buckets.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

using Json = nlohmann::json;

struct CrashCorpus {
    test::TempDir dir;
    std::filesystem::path reports = dir / "reports";
    std::map<std::string, std::string> bug_of; // report or bundle name -> bug

    CrashCorpus() {
        std::vector<std::string> args{dir.path().string(), test::recorder_dir().string()};
        for (const std::string& interpreter : test::interpreters())
            args.push_back(interpreter);
        test::run_fixture(test::python3(), "make_crash_reports.py", args);
        Json manifest = Json::parse(test::read_text(dir / "manifest.json"));
        for (const auto& [name, bug] : manifest.items())
            bug_of[name] = bug.get<std::string>();
    }
};

Json buckets_json(const std::string& arguments) {
    test::CommandResult run = test::run_command(test::quote(test::framescope_binary()) +
                                                " buckets --format json " + arguments);
    REQUIRE_MESSAGE(run.exit_code == 0, arguments);
    return Json::parse(run.output);
}

std::string name_of(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

} // namespace

TEST_CASE("crash buckets: one bucket per bug across interpreters, install paths and releases") {
    CrashCorpus corpus;
    Json buckets = buckets_json(test::quote(corpus.reports.string()));
    REQUIRE(buckets.size() == 6);
    std::set<std::string> bugs_seen;
    for (const Json& bucket : buckets) {
        INFO(bucket["signature"].get<std::string>());
        CHECK_FALSE(bucket["unparsed"].get<bool>());
        CHECK(bucket["application_frames"].get<bool>());
        std::set<std::string> bugs;
        for (const Json& file : bucket["files"])
            bugs.insert(corpus.bug_of.at(name_of(file.get<std::string>())));
        REQUIRE(bugs.size() == 1); // different bugs never merge
        bugs_seen.insert(*bugs.begin());
        size_t reports_of_bug = 0;
        for (const auto& [name, bug] : corpus.bug_of)
            reports_of_bug += bug == *bugs.begin();
        CHECK(bucket["count"] == reports_of_bug); // the same bug never splits
        CHECK(bucket["versions"] == Json::array({"1.0", "1.1"}));
        CHECK(bucket["first_version"] == "1.0");
        CHECK(bucket["interpreters"].size() == test::interpreters().size());
        REQUIRE(bucket["frames"].size() == 1);
        CHECK(bucket["frames"][0]["module"].get<std::string>().starts_with("shopcart/"));
    }
    CHECK(bugs_seen.size() == 6);
}

TEST_CASE("crash buckets: rules re-bucket the stored reports; unreadable text is kept") {
    CrashCorpus corpus;
    test::write_text(corpus.reports / "notes.txt", "The app froze and I had to restart it.\n");
    std::string db = (corpus.dir / "framescope.db").string();
    test::CommandResult imported =
        test::run_command(test::quote(test::framescope_binary()) + " import --db " +
                          test::quote(db) + " " + test::quote(corpus.reports.string()));
    REQUIRE_MESSAGE(imported.exit_code == 0, imported.output);

    Json stored = buckets_json("--db " + test::quote(db));
    REQUIRE(stored.size() == 7);
    CHECK(stored.back()["unparsed"].get<bool>());
    CHECK(name_of(stored.back()["files"][0].get<std::string>()) == "notes.txt");
    // Callers in the signature: the division bug, reached from two call paths, splits.
    Json with_callers = buckets_json("--db " + test::quote(db) + " --frames 2");
    CHECK(with_callers.size() == 8);
    // The application named by a rule: the same buckets as inferred.
    Json by_rule = buckets_json("--db " + test::quote(db) + " --app shopcart/");
    CHECK(by_rule.size() == 7);
    CHECK(by_rule[0]["frames"] == stored[0]["frames"]);
}

TEST_CASE("crash buckets: a Windows fatal exception imported is a bucket, never a stall") {
    test::TempDir dir;
    test::write_text(dir / "app.py", "import ctypes, faulthandler\nfaulthandler.enable()\n"
                                     "def draw_mesh(address):\n"
                                     "    return ctypes.string_at(address, 1)\n"
                                     "draw_mesh(16)\n");
    test::CommandResult crashed = test::run_command(
        test::quote(test::python3()) + " " + test::quote((dir / "app.py").string()) + " 2>&1");
    REQUIRE(crashed.exit_code != 0);
    // faulthandler on Windows writes this header where Linux writes "Fatal Python error".
    std::string text = crashed.output;
    size_t header = text.find("Fatal Python error: Segmentation fault");
    REQUIRE(header != std::string::npos);
    text.replace(header, 38, "Windows fatal exception: access violation");
    test::write_text(dir / "fatal.txt", text);
    std::string db = (dir / "framescope.db").string();
    REQUIRE(test::run_command(test::quote(test::framescope_binary()) + " import --db " +
                              test::quote(db) + " " + test::quote((dir / "fatal.txt").string()))
                .exit_code == 0);
    Json stored = buckets_json("--db " + test::quote(db));
    REQUIRE(stored.size() == 1);
    CHECK(stored[0]["exception"] == "Windows fatal exception: access violation");
    CHECK(stored[0]["frames"][0]["function"] == "draw_mesh");
}

TEST_CASE("crash signatures: a class with or without its module, Python 2's aliases kept") {
    auto signature_of = [](const std::string& exception_line) {
        std::string text = "Traceback (most recent call last):\n"
                           "  File \"/srv/shop/main.py\", line 3, in <module>\n"
                           "    checkout()\n"
                           "  File \"/srv/shop/cart.py\", line 9, in checkout\n"
                           "    pay()\n" +
                           exception_line + "\n";
        std::vector<CrashReport> reports = parse_crash_reports(text);
        REQUIRE(reports.size() == 1);
        return crash_signature(reports[0], BucketRules{});
    };
    CHECK(signature_of("calibre.customize.InvalidPlugin: bad zip").key() ==
          signature_of("InvalidPlugin: bad zip").key());
    CHECK(signature_of("socket.error: [Errno 111] Connection refused").exception == "socket.error");
    CHECK(signature_of("AttributeError: 'NoneType' object has no attribute 'get'").key() !=
          signature_of("AttributeError: 'NoneType' object has no attribute 'Plugin'").key());
    CHECK(signature_of("KeyError: 'item-1'").key() == signature_of("KeyError: 'item-2'").key());
}

TEST_CASE("crash buckets: stored reports re-bucket from their rows, not their text") {
    CrashCorpus corpus;
    std::string db = (corpus.dir / "framescope.db").string();
    REQUIRE(test::run_command(test::quote(test::framescope_binary()) + " import --db " +
                              test::quote(db) + " " + test::quote(corpus.reports.string()))
                .exit_code == 0);
    Json before = buckets_json("--db " + test::quote(db));
    // With every stored crash text emptied, only the report rows can still say where each
    // crash happened.
    test::CommandResult blanked =
        test::run_command(test::quote(test::python3()) + " -c " +
                          test::quote("import sqlite3, sys\n"
                                      "db = sqlite3.connect(sys.argv[1])\n"
                                      "db.execute(\"UPDATE crashes SET text = ''\")\n"
                                      "db.execute(\"UPDATE sessions SET fatal_error = ''\")\n"
                                      "db.commit()\n") +
                          " " + test::quote(db));
    REQUIRE(blanked.exit_code == 0);
    Json after = buckets_json("--db " + test::quote(db));
    REQUIRE(after.size() == before.size());
    for (size_t i = 0; i < before.size(); ++i) {
        CHECK(after[i]["signature"] == before[i]["signature"]);
        CHECK(after[i]["count"] == before[i]["count"]);
    }
}

} // namespace framescope
