// The sandwich of a function called from two places and recursing, on cProfile's output at
// test time: its callers and callees merged over every place it appears; and the whole tree
// bottom-up.

#include <doctest/doctest.h>

#include <map>

#include "loaders/pstats_loader.h"
#include "model/sandwich.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("sandwich: callers and callees of a function merged over every call path") {
    test::TempDir dir;
    test::CommandResult run = test::run_python3(
        "import cProfile, sys\n"
        "def collide(n):\n"
        "    return sum(abs(i - n) for i in range(3000)) if n < 2 else collide(n - 1)\n"
        "def frame():\n"
        "    for i in range(20):\n"
        "        collide(3)\n"
        "def warm_up():\n"
        "    for i in range(10):\n"
        "        collide(3)\n"
        "def main():\n"
        "    warm_up()\n"
        "    frame()\n"
        "cProfile.run('main()', sys.argv[1])\n",
        {(dir / "out.pstats").string()});
    REQUIRE(run.exit_code == 0);
    Result<PstatsProfile> profile = load_pstats_file((dir / "out.pstats").string());
    REQUIRE(profile);
    CallTree tree = CallTree::build(*profile);
    FunctionId collide = 0;
    while (collide < profile->function_count && profile->name(collide) != "collide")
        ++collide;
    REQUIRE(collide < profile->function_count);

    Sandwich sandwich = sandwich_of(tree, collide);
    // Callers: one root, the function, holding its total once however deep it recursed.
    REQUIRE(sandwich.callers.roots().size() == 1);
    const CallNode& top = sandwich.callers.node(sandwich.callers.roots()[0]);
    CHECK(top.function == collide);
    CHECK(top.inclusive_s == doctest::Approx(profile->cumulative_s[collide]).epsilon(0.02));
    std::map<std::string, double> callers;
    for (uint32_t c = 0; c < top.child_count; ++c) {
        const CallNode& caller = sandwich.callers.node(top.first_child + c);
        callers[std::string(profile->name(caller.function))] = caller.inclusive_s;
    }
    REQUIRE(callers.size() == 2);
    REQUIRE(callers.count("frame"));
    REQUIRE(callers.count("warm_up"));
    CHECK(callers["frame"] > callers["warm_up"]); // twice the calls

    // Callees: the same total, with what it called below it (the generator and abs).
    REQUIRE(sandwich.callees.roots().size() == 1);
    const CallNode& filling = sandwich.callees.node(sandwich.callees.roots()[0]);
    CHECK(filling.function == collide);
    CHECK(filling.inclusive_s == doctest::Approx(top.inclusive_s).epsilon(0.001));
    CHECK(filling.child_count >= 1);
    for (const CallNode& node : sandwich.callees.nodes())
        CHECK(profile->name(node.function) != "frame");

    // Bottom-up: the roots are where time was spent, all of it, and below each its callers.
    CallTree inverted = tree.inverted();
    double own = 0;
    for (const CallNode& node : tree.nodes())
        own += node.self_s;
    CHECK(inverted.total_s() == doctest::Approx(own));
    const CallNode& heaviest = inverted.node(inverted.roots()[0]);
    for (CallNodeId root : inverted.roots())
        CHECK(inverted.node(root).inclusive_s <= heaviest.inclusive_s);
    bool collide_called_by_frame = false;
    for (const CallNode& node : inverted.nodes())
        if (node.parent != kNoCallNode && profile->name(node.function) == "frame" &&
            inverted.node(node.parent).function == collide)
            collide_called_by_frame = true;
    CHECK(collide_called_by_frame);
}

} // namespace framescope
