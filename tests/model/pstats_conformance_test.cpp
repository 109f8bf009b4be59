// framescope's pstats reports against Python's own pstats, on profiles written at test time
// by cProfile and profile, on CPython and PyPy: every sort key, restrictions, strip_dirs,
// callers, callees and merged files must print byte for byte what Python prints.

#include <filesystem>

#include <doctest/doctest.h>

#include "loaders/pstats_loader.h"
#include "model/pstats_combine.h"
#include "model/pstats_text.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

struct Variant {
    std::string name;
    bool strip;
    std::string sort_keys; // comma separated, as pstats_reports.py reads them
    std::string amounts;   // likewise
    std::string mode;      // stats, callers or callees
};

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    if (text.empty())
        return parts;
    size_t start = 0;
    for (size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1)
        parts.push_back(text.substr(start, comma - start));
    parts.push_back(text.substr(start));
    return parts;
}

std::vector<Variant> variants() {
    std::vector<Variant> list;
    for (const char* key : {"calls", "ncalls", "cumtime", "cumulative", "filename", "line",
                            "module", "name", "nfl", "pcalls", "stdname", "time", "tottime"})
        list.push_back({std::string("key_") + key, false, key, "", "stats"});
    list.push_back({"abbreviated", false, "tot,na", "", "stats"});
    list.push_back({"two_keys", false, "calls,name", "", "stats"});
    list.push_back({"legacy_int", false, "2", "", "stats"});
    list.push_back({"legacy_minus_one", false, "-1", "", "stats"});
    list.push_back({"unsorted", false, "", "", "stats"});
    list.push_back({"limit", false, "cumulative", "5", "stats"});
    list.push_back({"fraction", false, "time", "0.25", "stats"});
    list.push_back({"regex_then_limit", false, "cumulative", "fib|squares,3", "stats"});
    list.push_back({"regex_no_match", false, "cumulative", "no_such_function_x", "stats"});
    list.push_back({"invalid_regex", false, "cumulative", "(unclosed", "stats"});
    // Python's own syntax, as pstats users type it.
    list.push_back({"regex_inline_ignorecase", false, "cumulative", "(?i)FIB", "stats"});
    list.push_back({"regex_named_group", false, "cumulative", "(?P<part>squ)ares", "stats"});
    list.push_back({"regex_lookbehind", false, "name", "(?<=\\()fib", "stats"});
    list.push_back({"regex_verbose", false, "name", "(?x) f i b  # spaced out", "stats"});
    list.push_back({"regex_end_of_text", false, "name", "fib\\)\\Z", "stats"});
    list.push_back({"regex_start_of_text", false, "name", "\\A[^:]+:\\d+\\(fib", "stats"});
    list.push_back({"strip", true, "cumulative", "", "stats"});
    list.push_back({"callers", false, "cumulative", "", "callers"});
    list.push_back({"callers_strip_limit", true, "tottime", "10", "callers"});
    list.push_back({"callees", false, "cumulative", "", "callees"});
    list.push_back({"callees_unsorted", true, "", "", "callees"});
    list.push_back({"callees_regex", false, "name", "fib", "callees"});
    return list;
}

std::string framescope_report(const std::vector<std::string>& files, const Variant& v) {
    std::vector<PstatsProfile> profiles;
    for (const std::string& file : files) {
        Result<PstatsProfile> p = load_pstats_file(file);
        REQUIRE_MESSAGE(p, (p ? "" : p.error().to_string()));
        profiles.push_back(std::move(p).value());
    }
    Result<PstatsProfile> profile = merge_profiles(std::move(profiles));
    REQUIRE(profile);
    if (v.strip) {
        profile = strip_dirs(*profile);
        REQUIRE(profile);
    }
    std::optional<SortOrder> order;
    if (!v.sort_keys.empty()) {
        Result<SortOrder> parsed = parse_sort_order(split(v.sort_keys));
        REQUIRE(parsed);
        order = *parsed;
    }
    std::vector<Restriction> amount;
    for (const std::string& a : split(v.amounts))
        amount.push_back(Restriction::parse_amount(a));
    PstatsText text(*profile, order);
    return v.mode == "callers"   ? text.print_callers(amount)
           : v.mode == "callees" ? text.print_callees(amount)
                                 : text.print_stats(amount);
}

// Writes profiles with `writer`, then compares every variant with Python's pstats run by
// `reader` (the interpreter that can unmarshal them).
void check_against_python(const std::string& writer, const std::string& reader,
                          const std::vector<std::pair<std::string, std::string>>& profiles) {
    test::TempDir dir;
    std::vector<std::string> files;
    for (const auto& [profiler, workload] : profiles) {
        std::string file = (dir / (profiler + "_" + workload + ".pstats")).string();
        test::run_fixture(writer, "make_pstats.py",
                          {file, "--profiler", profiler, "--workload", workload});
        files.push_back(file);
    }
    std::string spec;
    for (const Variant& v : variants())
        spec += v.name + "\t" + (v.strip ? "1" : "0") + "\t" + v.sort_keys + "\t" + v.amounts +
                "\t" + v.mode + "\n";
    test::write_text(dir / "spec.txt", spec);
    std::vector<std::string> args = {(dir / "spec.txt").string(), dir.path().string()};
    args.insert(args.end(), files.begin(), files.end());
    test::run_fixture(reader, "pstats_reports.py", args);

    for (const Variant& v : variants()) {
        CAPTURE(v.name);
        // read_text REQUIREs the file: Python wrote every variant, empty or not.
        CHECK(framescope_report(files, v) == test::read_text(dir / (v.name + ".txt")));
    }
}

} // namespace

TEST_CASE("stats print as Python's pstats prints them, for cProfile on CPython") {
    for (std::string workload : {"mixed", "recursion", "builtins", "generators", "threads"}) {
        CAPTURE(workload);
        check_against_python(test::python3(), test::python3(), {{"cProfile", workload}});
    }
}

TEST_CASE("stats print as Python's pstats prints them, for the profile module on CPython") {
    check_against_python(test::python3(), test::python3(), {{"profile", "mixed"}});
}

TEST_CASE("several files merge as pstats.Stats(a, b, c) merges them") {
    check_against_python(
        test::python3(), test::python3(),
        {{"cProfile", "mixed"}, {"cProfile", "recursion"}, {"cProfile", "threads"}});
}

TEST_CASE("profiles written by PyPy print as pstats prints them") {
    if (test::pypy3().empty()) {
        MESSAGE("pypy3 is not installed; skipped");
        return;
    }
    SUBCASE("cProfile") {
        check_against_python(test::pypy3(), test::python3(), {{"cProfile", "mixed"}});
    }
    SUBCASE("profile module, whose keys hold code objects") {
        check_against_python(test::pypy3(), test::pypy3(), {{"profile", "mixed"}});
    }
}

} // namespace framescope
