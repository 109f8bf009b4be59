// Exports to other tools' formats: a profile cProfile writes here, exported to speedscope,
// folded stacks, callgrind and JSON, reads back with framescope's own readers with the same
// total and the same heaviest functions; callgrind_annotate (valgrind's) reads the callgrind
// file where it is installed.

#include <algorithm>
#include <cmath>
#include <numeric>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "loaders/profile_formats.h"
#include "loaders/text_lines.h"
#include "model/format_exports.h"
#include "model/load_job.h"
#include "model/stack_profile_builder.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

struct Fixture {
    test::TempDir dir;
    std::shared_ptr<LoadedProfile> loaded;

    Fixture() {
        std::string file = (dir / "work.pstats").string();
        test::CommandResult run =
            test::run_python3("import cProfile, sys\n"
                              "def leaf(n):\n"
                              "    return sum(i * i for i in range(n))\n"
                              "def middle():\n"
                              "    return [leaf(20000) for _ in range(30)]\n"
                              "def other():\n"
                              "    return sorted(range(300000), key=lambda x: -x)\n"
                              "def main():\n"
                              "    middle(); other(); leaf(50000)\n"
                              "cProfile.run('main()', sys.argv[1])\n",
                              {file});
        REQUIRE_MESSAGE(run.exit_code == 0, run.output);
        Result<std::shared_ptr<LoadedProfile>> l = load_profiles({file});
        REQUIRE(l);
        loaded = *l;
    }

    // The export read back the way any file is: sniffed, then read.
    std::shared_ptr<LoadedProfile> read_back(const std::string& text, const std::string& name) {
        std::string path = (dir / name).string();
        test::write_text(path, text);
        Result<std::shared_ptr<LoadedProfile>> back = load_profiles({path});
        REQUIRE_MESSAGE(back, (back ? "" : back.error().to_string()));
        return *back;
    }
};

// The functions with the most own time, as "name file" heaviest first; pstats' "~" (no file,
// a built-in) as no file, which is how folded stacks write it.
std::vector<std::string> top_self(const PstatsProfile& p, size_t n) {
    std::vector<FunctionId> ids(p.function_count);
    std::iota(ids.begin(), ids.end(), 0);
    std::stable_sort(ids.begin(), ids.end(),
                     [&](FunctionId a, FunctionId b) { return p.self_s[a] > p.self_s[b]; });
    std::vector<std::string> names;
    for (size_t i = 0; i < n && i < ids.size(); ++i)
        names.push_back(std::string(p.name(ids[i])) + " " +
                        (p.file(ids[i]) == "~" ? "" : std::string(p.file(ids[i]))));
    return names;
}

void check_same_profile(const LoadedProfile& original, const LoadedProfile& back,
                        double seconds_per_unit_back) {
    double total = original.profile.total_self_s;
    CHECK(back.total() * seconds_per_unit_back == doctest::Approx(total).epsilon(0.002));
    std::vector<std::string> ours = top_self(back.profile, 3),
                             theirs = top_self(original.profile, 3);
    for (size_t i = 0; i < theirs.size(); ++i)
        CHECK(ours.at(i) == theirs[i]);
}

} // namespace

TEST_CASE("export: speedscope from pstats reads back, and says its paths are attributed") {
    Fixture f;
    std::string text = speedscope_export(*f.loaded);
    nlohmann::json doc = nlohmann::json::parse(text);
    CHECK(doc["$schema"] == "https://www.speedscope.app/file-format-schema.json");
    CHECK(contains(doc["exporter"].get<std::string>(), "attributed"));
    CHECK(doc["profiles"][0]["unit"] == "seconds");
    std::shared_ptr<LoadedProfile> back = f.read_back(text, "work.speedscope.json");
    CHECK(back->format == ProfileFormat::speedscope);
    check_same_profile(*f.loaded, *back, seconds_per_unit(back->unit));
}

TEST_CASE("export: folded stacks in whole microseconds read back") {
    Fixture f;
    std::string text = collapsed_export(*f.loaded);
    REQUIRE(!text.empty());
    CHECK(contains(text, ";leaf (")); // py-spy's "name (file:line)" frames
    std::shared_ptr<LoadedProfile> back = f.read_back(text, "work.folded");
    CHECK(back->format == ProfileFormat::collapsed);
    check_same_profile(*f.loaded, *back, 1e-6);
}

TEST_CASE("export: callgrind reads back with its calls, and callgrind_annotate reads it") {
    Fixture f;
    std::string text = callgrind_export(*f.loaded);
    std::shared_ptr<LoadedProfile> back = f.read_back(text, "callgrind.out.work");
    CHECK(back->format == ProfileFormat::callgrind);
    CHECK(back->unit == "ns");
    check_same_profile(*f.loaded, *back, 1e-9);
    const PstatsProfile& p = back->profile;
    for (FunctionId g = 0; g < p.function_count; ++g)
        if (p.name(g) == "leaf")
            CHECK(p.calls[g] == 31); // 30 from middle, 1 from main

    test::CommandResult which = test::run_command("command -v callgrind_annotate");
    if (which.exit_code != 0) {
        MESSAGE("callgrind_annotate not installed (Debian's valgrind): not tried");
        return;
    }
    test::CommandResult annotate = test::run_command(
        "callgrind_annotate " + test::quote((f.dir / "callgrind.out.work").string()), true);
    INFO(annotate.output);
    REQUIRE(annotate.exit_code == 0);
    // Its total line: the sum of own costs, in ns, with thousands separators.
    std::string total = std::to_string(int64_t(std::llround(f.loaded->profile.total_self_s * 1e9)));
    std::string grouped;
    for (size_t i = 0; i < total.size(); ++i)
        grouped += (i && (total.size() - i) % 3 == 0 ? "," : "") + std::string(1, total[i]);
    CHECK(contains(annotate.output, grouped));
    CHECK(contains(annotate.output, "PROGRAM TOTALS"));
    CHECK(contains(annotate.output, "<string>:<genexpr>")); // the heaviest of the program's own
}

TEST_CASE("export: json is the function table, with nulls where the format does not know") {
    Fixture f;
    nlohmann::json doc = nlohmann::json::parse(json_export(*f.loaded));
    CHECK(doc["format"] == "pstats");
    CHECK(doc["unit"] == "seconds");
    CHECK(doc["total"].get<double>() == f.loaded->profile.total_self_s);
    REQUIRE(doc["functions"].size() == f.loaded->profile.function_count);
    const nlohmann::json& top = doc["functions"][0];
    // A built-in (pstats' "~") has no file, which JSON says as null.
    std::string top_file = top["file"].is_null() ? "" : std::string(top["file"]);
    CHECK(top_file != "~");
    CHECK(std::string(top["function"]) + " " + top_file == top_self(f.loaded->profile, 1)[0]);
    auto builtin = std::find_if(doc["functions"].begin(), doc["functions"].end(),
                                [](const nlohmann::json& row) {
                                    return row["function"] == "<built-in method builtins.sum>";
                                });
    REQUIRE(builtin != doc["functions"].end());
    CHECK((*builtin)["file"].is_null());
    CHECK(top["line"].is_number());
    CHECK(top["calls"].is_number());

    std::shared_ptr<LoadedProfile> folded = f.read_back(collapsed_export(*f.loaded), "work.folded");
    nlohmann::json sampled = nlohmann::json::parse(json_export(*folded));
    CHECK(sampled["format"] == "collapsed");
    CHECK(sampled["unit"] == "samples");
    CHECK(sampled["functions"][0]["calls"].is_null());
}

} // namespace framescope
