// Crash text bucketed as a stream, in parts on several threads: the same reports and the same
// buckets as reading the text whole. The text is what python3 (and pypy3) printed for several
// bugs (chained exceptions, recursion, a syntax error, a fatal error's dump), repeated with
// the lines around reports that real files have.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "loaders/crash_report.h"
#include "model/crash_buckets.h"
#include "model/crash_text_buckets.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

constexpr const char* kBugs[] = {
    "def lookup(items, key):\n    return items[key]\nlookup({}, 'cart-7')\n",
    "def walk(node):\n    return walk(node)\nwalk(1)\n",
    "class StoreError(Exception):\n    pass\n"
    "def load():\n    try:\n        {}['apple']\n    except KeyError as missing:\n"
    "        raise StoreError('no apple') from missing\nload()\n",
    "def f(:\n    pass\n",
    "import faulthandler, os, signal\nfaulthandler.enable()\nos.kill(os.getpid(), "
    "signal.SIGSEGV)\n",
};

// What each interpreter printed for each bug, with a log line between some of them.
std::string interpreter_output() {
    test::TempDir dir;
    std::string text;
    for (const std::string& interpreter : test::interpreters())
        for (size_t bug = 0; bug < std::size(kBugs); ++bug) {
            std::filesystem::path script = dir / ("bug" + std::to_string(bug) + ".py");
            test::write_text(script, kBugs[bug]);
            test::CommandResult run = test::run_command(test::quote(interpreter) + " " +
                                                        test::quote(script.string()) + " 2>&1");
            REQUIRE(run.exit_code != 0);
            text += run.output + "\n";
            if (bug % 2)
                text += "2026-11-30 10:00:0" + std::to_string(bug) + " INFO restarting\n\n";
        }
    return text;
}

std::string repeated(const std::string& text, size_t bytes) {
    std::string out;
    while (out.size() < bytes)
        out += text;
    return out;
}

std::vector<CrashReport> read_all(std::string_view text, uint32_t first_line = 1) {
    std::vector<CrashReport> reports;
    read_crash_reports(
        text, [&](CrashReport&& report) { reports.push_back(std::move(report)); }, first_line);
    return reports;
}

void check_same(const CrashReport& a, const CrashReport& b) {
    CHECK(a.kind == b.kind);
    CHECK(a.first_line == b.first_line);
    CHECK(a.text == b.text);
    CHECK(a.fatal_message == b.fatal_message);
    REQUIRE(a.chain.size() == b.chain.size());
    for (size_t i = 0; i < a.chain.size(); ++i) {
        CHECK(a.chain[i].type == b.chain[i].type);
        CHECK(a.chain[i].message == b.chain[i].message);
        CHECK(a.chain[i].frames.size() == b.chain[i].frames.size());
    }
}

void check_same(const std::vector<CrashBucket>& a, const std::vector<CrashBucket>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].signature.key() == b[i].signature.key());
        CHECK(a[i].count == b[i].count);
        CHECK(a[i].files == b[i].files);
        CHECK(a[i].variants == b[i].variants);
        CHECK(a[i].messages == b[i].messages);
        CHECK(a[i].latest->text == b[i].latest->text);
        CHECK(a[i].latest->first_line == b[i].latest->first_line);
    }
}

} // namespace

TEST_CASE("crash text: parts read alone give the reports of the whole, line numbers included") {
    const std::string text = repeated(interpreter_output(), 400'000);
    std::vector<CrashReport> whole = read_all(text);
    REQUIRE(whole.size() > 100);
    for (size_t parts : {2, 3, 7}) {
        std::vector<std::string_view> cut = independent_parts(text, parts);
        CHECK(cut.size() == parts);
        std::vector<CrashReport> read;
        uint32_t line = 1;
        const char* next = text.data();
        for (std::string_view part : cut) {
            CHECK(part.data() == next); // consecutive, nothing left out
            next = part.data() + part.size();
            for (CrashReport& report : read_all(part, line))
                read.push_back(std::move(report));
            line += uint32_t(std::count(part.begin(), part.end(), '\n'));
        }
        CHECK(next == text.data() + text.size());
        REQUIRE(read.size() == whole.size());
        for (size_t r = 0; r < whole.size(); ++r)
            check_same(read[r], whole[r]);
    }
}

TEST_CASE("crash text: a part never starts where the reader would be inside a report") {
    // Chained exceptions print "Traceback" after a blank line too: a cut there would split
    // the chain.
    const std::string chained = interpreter_output();
    REQUIRE(chained.find("direct cause of the following exception:\n\nTraceback") !=
            std::string::npos);
    const std::string text = repeated(chained, 200'000);
    for (std::string_view part : independent_parts(text, 50)) {
        std::vector<CrashReport> reports = read_all(part);
        REQUIRE_FALSE(reports.empty());
        bool alone =
            reports.front().chain.size() == 1 && reports.front().chain.front().type == "StoreError";
        CHECK_FALSE(alone);
    }
}

TEST_CASE("crash buckets: bucketing in parts and merging gives the buckets of one pass") {
    const std::string text = repeated(interpreter_output(), 300'000);
    std::vector<CrashReport> reports = parse_crash_reports(text);
    std::vector<CrashInput> inputs;
    for (const CrashReport& report : reports)
        inputs.push_back({&report, "crashes.txt", "", "", "", "", 0, ""});
    std::vector<CrashBucket> one_pass = bucket_crashes(inputs, BucketRules{});
    REQUIRE(one_pass.size() >= 5);

    CrashBucketer first{BucketRules{}}, second{BucketRules{}};
    for (size_t i = 0; i < inputs.size(); ++i)
        (i < inputs.size() / 3 ? first : second).add(inputs[i]);
    first.merge(std::move(second));
    CHECK(first.reports() == inputs.size());
    check_same(first.buckets(), one_pass);

    CrashBucketer streamed{BucketRules{}};
    CHECK(bucket_crash_text(text, "crashes.txt", streamed));
    check_same(streamed.buckets(), one_pass);
}

TEST_CASE("framescope buckets: a file read as a stream, in parallel, buckets as it reads whole") {
    // Large enough to be read in parts on a machine of two cores or more.
    test::TempDir dir;
    const std::filesystem::path file = dir / "crashes.txt";
    test::write_text(file, repeated(interpreter_output(), 9'000'000));
    auto run = [&](const std::string& command) {
        test::CommandResult result =
            test::run_command(test::quote(test::framescope_binary()) + " " + command +
                              " --format json " + test::quote(file.string()));
        REQUIRE(result.exit_code == 0);
        return nlohmann::json::parse(result.output);
    };
    nlohmann::json streamed = run("buckets");
    nlohmann::json whole = run("report")["crash_buckets"];
    REQUIRE(streamed.size() >= 5);
    CHECK(streamed == whole);
}

TEST_CASE("crash text: text with no report is one unparsed report, streamed or not") {
    CrashBucketer bucketer{BucketRules{}};
    CHECK_FALSE(bucket_crash_text("It just closed when I clicked Save.\n", "note.txt", bucketer));
    std::vector<CrashBucket> buckets = bucketer.buckets();
    REQUIRE(buckets.size() == 1);
    CHECK(buckets[0].unparsed);
    CHECK(buckets[0].latest->text == "It just closed when I clicked Save.\n");
}

} // namespace framescope
