// Waiting left out of a real frame loop's profile: cProfile at test time on a loop that works a
// little and sleeps most of each frame, waiting on a threading.Event too.

#include <doctest/doctest.h>

#include "loaders/pstats_loader.h"
#include "model/call_tree.h"
#include "model/idle_time.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("idle time: a frame loop that sleeps shows its work with the waiting left out") {
    test::TempDir dir;
    test::CommandResult run = test::run_python3("import cProfile, sys, threading, time\n"
                                                "def work():\n"
                                                "    return sum(i * i for i in range(20000))\n"
                                                "def frame(pacer):\n"
                                                "    work()\n"
                                                "    pacer.wait(0.004)\n"
                                                "    time.sleep(0.004)\n"
                                                "def loop():\n"
                                                "    pacer = threading.Event()\n"
                                                "    for _ in range(30):\n"
                                                "        frame(pacer)\n"
                                                "cProfile.run('loop()', sys.argv[1])\n",
                                                {(dir / "loop.pstats").string()});
    REQUIRE(run.exit_code == 0);
    Result<PstatsProfile> profile = load_pstats_file((dir / "loop.pstats").string());
    REQUIRE(profile);
    CallTree tree = CallTree::build(*profile);
    std::optional<BusyProfile> busy = busy_profile(*profile, tree);
    REQUIRE(busy);
    CHECK(busy->dominates());

    constexpr FunctionId kNone = 0xffffffffu;
    FunctionId frame = kNone, work = kNone;
    for (FunctionId f = 0; f < profile->function_count; ++f) {
        std::string_view name = profile->name(f);
        if (name == "frame")
            frame = f;
        if (name == "work")
            work = f;
        bool waits = name.find("time.sleep") != name.npos ||
                     name.find("'acquire' of '_thread.lock'") != name.npos;
        if (waits)
            CHECK(busy->waiting[f]);
        if (name == "work" || name == "frame" || name == "loop")
            CHECK_FALSE(busy->waiting[f]);
    }
    REQUIRE(frame != kNone);
    REQUIRE(work != kNone);
    // The frame's total loses its waiting, keeps its work.
    CHECK(busy->cumulative_s[frame] < 0.5 * profile->cumulative_s[frame]);
    CHECK(busy->cumulative_s[frame] >= profile->cumulative_s[work] * 0.99);
    CHECK(busy->cumulative_s[work] == doctest::Approx(profile->cumulative_s[work]));
    // The tree without waiting holds no waiting node, and its roots add up to its total.
    double roots = 0;
    for (CallNodeId root : busy->tree.roots())
        roots += busy->tree.node(root).inclusive_s;
    CHECK(roots == doctest::Approx(busy->tree.total_s()));
    CHECK(busy->tree.total_s() < 0.5 * tree.total_s());
    for (const CallNode& node : busy->tree.nodes()) {
        CHECK_FALSE(busy->waiting[node.function]);
        if (node.parent != kNoCallNode) {
            const CallNode& parent = busy->tree.node(node.parent);
            CHECK(node.start_s >= parent.start_s - 1e-9);
            CHECK(node.start_s + node.inclusive_s <= parent.start_s + parent.inclusive_s + 1e-9);
        }
    }
}

TEST_CASE("idle time: what waits and what does not") {
    CHECK(is_waiting("~", "<built-in method time.sleep>"));
    CHECK(is_waiting("~", "<method 'poll' of 'select.epoll' objects>"));
    CHECK(is_waiting("~", "<method 'tick' of 'pygame.time.Clock' objects>"));
    CHECK(is_waiting("/usr/lib/python3.11/selectors.py", "select"));
    CHECK(is_waiting("C:\\Python311\\Lib\\threading.py", "wait"));
    CHECK_FALSE(is_waiting("~", "<built-in method builtins.exec>"));
    CHECK_FALSE(is_waiting("~", "<method 'recv' of '_socket.socket' objects>"));
    CHECK_FALSE(is_waiting("/app/myselectors.py", "select"));
    CHECK_FALSE(is_waiting("/app/game.py", "wait"));
}

} // namespace framescope
