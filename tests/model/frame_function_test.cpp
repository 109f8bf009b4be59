// A main loop's profile per frame, on cProfile's output at test time: the per-frame function
// suggested, and a comparison's changes in milliseconds per frame.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "loaders/pstats_loader.h"
#include "model/call_tree.h"
#include "model/frame_function.h"
#include "model/function_search.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

// A game loop: 40 frames of layout (its work scaled by `work`), drawing and a frame pacer's
// sleep; the loop itself runs once.
std::string profile_of_loop(const test::TempDir& dir, const std::string& name, int work) {
    std::string path = (dir / (name + ".pstats")).string();
    test::CommandResult run =
        test::run_python3("import cProfile, sys, time\n"
                          "def layout(n):\n"
                          "    return sum(i % 7 for i in range(n))\n"
                          "def draw():\n"
                          "    return [str(i) for i in range(300)]\n"
                          "def frame(n):\n"
                          "    layout(n)\n"
                          "    draw()\n"
                          "    time.sleep(0.002)\n"
                          "def run(n):\n"
                          "    for _ in range(40):\n"
                          "        frame(n)\n"
                          "cProfile.run('run(' + sys.argv[2] + ')', sys.argv[1])\n",
                          {path, std::to_string(work)});
    REQUIRE(run.exit_code == 0);
    return path;
}

} // namespace

TEST_CASE("per frame: the loop's frame function is suggested, its calls count the frames") {
    test::TempDir dir;
    Result<PstatsProfile> profile = load_pstats_file(profile_of_loop(dir, "loop", 20000));
    REQUIRE(profile);
    CallTree tree = CallTree::build(*profile);
    std::optional<FunctionId> suggested =
        suggest_frame_function(*profile, busy_profile(*profile, tree));
    REQUIRE(suggested);
    CHECK(profile->name(*suggested) == "frame"); // not run (once), not layout (inside it)
    CHECK(frames_of(*profile, *suggested) == 40);
    std::optional<FunctionId> found = find_function(*profile, "layout");
    REQUIRE(found);
    CHECK(profile->name(*found) == "layout");
    CHECK_FALSE(find_function(*profile, "no_such_function"));
    CHECK(ms_per_frame(0.4, 40) == doctest::Approx(10.0));
}

TEST_CASE("framescope diff --frame-function: each change in milliseconds per frame") {
    test::TempDir dir;
    std::string before = profile_of_loop(dir, "before", 20000);
    std::string after = profile_of_loop(dir, "after", 60000);
    test::CommandResult run = test::run_command(test::quote(test::framescope_binary()) +
                                                " diff --format json --frame-function frame " +
                                                test::quote(before) + " " + test::quote(after));
    REQUIRE(run.exit_code == 0);
    nlohmann::json rows = nlohmann::json::parse(run.output);
    bool layout_seen = false;
    for (const nlohmann::json& row : rows) {
        REQUIRE(row.contains("delta_ms_per_frame"));
        double expected = 1000 * (row["b"]["cumtime"].get<double>() / 40 -
                                  row["a"]["cumtime"].get<double>() / 40);
        CHECK(row["delta_ms_per_frame"].get<double>() == doctest::Approx(expected));
        if (row["function"] == "layout") {
            layout_seen = true;
            CHECK(row["delta_ms_per_frame"].get<double>() > 0); // three times the work
        }
    }
    CHECK(layout_seen);
    test::CommandResult missing =
        test::run_command(test::quote(test::framescope_binary()) + " diff --frame-function tick " +
                              test::quote(before) + " " + test::quote(after),
                          true);
    CHECK(missing.exit_code == 1);
    CHECK(missing.output.find("no function 'tick' in A") != std::string::npos);
}

TEST_CASE("framescope export --frame-function: the findings per frame, against a budget") {
    test::TempDir dir;
    std::string loop = profile_of_loop(dir, "loop", 20000);
    test::CommandResult run = test::run_command(
        test::quote(test::framescope_binary()) +
        " export --as markdown --frame-function suggested --budget-ms 8 " + test::quote(loop));
    REQUIRE(run.exit_code == 0);
    CHECK(run.output.find("per frame of `frame`: 40 frames, against a budget of 8.0 ms") !=
          std::string::npos);
    CHECK(run.output.find("| ms per frame | budget |") != std::string::npos);
    // frame's own row: its total over 40 frames, and that over 8 ms.
    Result<PstatsProfile> profile = load_pstats_file(loop);
    REQUIRE(profile);
    std::optional<FunctionId> frame = find_function(*profile, "frame");
    REQUIRE(frame);
    double ms = ms_per_frame(profile->cumulative_s[*frame], 40);
    char row[64];
    std::snprintf(row, sizeof row, "| %.3f | %.1f%% |", ms, 100 * ms / 8);
    CHECK(run.output.find(row) != std::string::npos);
}

} // namespace framescope
