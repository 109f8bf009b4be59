// Comparing two real profiles of one workload, run twice with one function made slower on
// purpose (and once on PyPy): the slowed function is the top row, unchanged ones stay near
// zero, a moved file still matches, and the same code on two interpreters matches.

#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

namespace framescope {
namespace {

using Json = nlohmann::json;

std::string profile(const test::TempDir& dir, const std::string& interpreter,
                    const std::string& name, const std::string& root,
                    const std::vector<std::string>& options) {
    std::string out = (dir / name).string();
    std::vector<std::string> args{out, "--root", (dir / root).string()};
    args.insert(args.end(), options.begin(), options.end());
    test::run_fixture(interpreter, "make_diff_profiles.py", args);
    return out;
}

Json diff_json(const std::string& a, const std::string& b, const std::string& options = "") {
    test::CommandResult run =
        test::run_command(test::quote(test::framescope_binary()) + " diff " + test::quote(a) + " " +
                          test::quote(b) + " --format json --limit 1000 " + options);
    REQUIRE(run.exit_code == 0); // a report, not a test: 0 also when things changed
    return Json::parse(run.output);
}

const Json& row_of(const Json& rows, const std::string& function) {
    for (const Json& row : rows)
        if (row["function"] == function)
            return row;
    FAIL("no row for " << function);
    return rows[0];
}

} // namespace

TEST_CASE("diff: the function made slower is the top row; the rest stay near zero") {
    test::TempDir dir;
    std::string before = profile(dir, test::python3(), "before.pstats", "v1", {});
    // The same workload from a moved folder, every line shifted, total_price slower.
    std::string after =
        profile(dir, test::python3(), "after.pstats", "v2", {"--slow", "--shift", "5"});
    Json rows = diff_json(before, after);
    REQUIRE_FALSE(rows.empty());
    CHECK(rows[0]["function"] == "total_price");
    const double slowed = rows[0]["delta_tottime"].get<double>();
    CHECK(slowed > 0);
    CHECK(rows[0]["b"]["tottime"].get<double>() > 5 * rows[0]["a"]["tottime"].get<double>());
    CHECK(rows[0]["match"] == "same file name"); // the file moved and its lines shifted
    CHECK(rows[0]["line"] == row_of(rows, "total_price")["line"]);
    for (const char* unchanged : {"parse_rows", "format_report", "main"}) {
        const Json& row = row_of(rows, unchanged);
        INFO(unchanged);
        CHECK(row["match"] == "same file name");
        CHECK(std::fabs(row["delta_tottime"].get<double>()) < 0.25 * slowed);
    }
    for (const Json& row : rows) // nothing looks new or vanished between two runs of one program
        CHECK((row["match"] != "new" && row["match"] != "vanished"));
    // Each side several files merged, as `stats` merges them: the same change, twice over.
    test::CommandResult merged =
        test::run_command(test::quote(test::framescope_binary()) + " diff " + test::quote(before) +
                          " " + test::quote(before) + " -- " + test::quote(after) + " " +
                          test::quote(after) + " --format json --limit 1");
    REQUIRE(merged.exit_code == 0);
    Json merged_rows = Json::parse(merged.output);
    CHECK(merged_rows[0]["function"] == "total_price");
    CHECK(merged_rows[0]["delta_tottime"].get<double>() ==
          doctest::Approx(2 * slowed).epsilon(0.01));
    // Sorted by another key, limited, filtered: still a report.
    Json by_name = diff_json(before, after, "--sort name --limit 3");
    CHECK(by_name.size() == 3);
    Json changed = diff_json(before, after, "--threshold 100");
    REQUIRE_FALSE(changed.empty());
    for (const Json& row : changed)
        CHECK((row["relative_cumtime"].is_null() ||
               std::fabs(row["relative_cumtime"].get<double>()) >= 1.0));
}

TEST_CASE("diff: the same workload on CPython and PyPy matches function by function") {
    if (test::pypy3().empty()) {
        MESSAGE("pypy3 is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::string cpython = profile(dir, test::python3(), "cpython.pstats", "app", {});
    std::string pypy = profile(dir, test::pypy3(), "pypy.pstats", "app", {});
    Json rows = diff_json(cpython, pypy);
    for (const char* function : {"total_price", "parse_rows", "format_report", "main"}) {
        INFO(function);
        CHECK(row_of(rows, function)["match"] != "new");
        CHECK(row_of(rows, function)["a"].is_object());
        CHECK(row_of(rows, function)["b"].is_object());
    }
    // Built-ins named differently by the two interpreters are one function.
    CHECK(row_of(rows, "<built-in function isinstance>")["match"] == "exact");
}

} // namespace framescope
