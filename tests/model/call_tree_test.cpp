// The call tree rebuilt from a real profile: widths nest, recursion stops, time is conserved
// where nothing is pruned, and the workload's real call paths are there.

#include <algorithm>
#include <filesystem>

#include <doctest/doctest.h>

#include "loaders/pstats_loader.h"
#include "model/call_tree.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

PstatsProfile profile_of(const std::string& profiler, const std::string& workload) {
    test::TempDir dir;
    std::string file = (dir / "p.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py",
                      {file, "--profiler", profiler, "--workload", workload});
    Result<PstatsProfile> p = load_pstats_file(file);
    REQUIRE(p);
    return std::move(p).value();
}

std::vector<std::string> path_to(const PstatsProfile& profile, const CallTree& tree, CallNodeId n) {
    std::vector<std::string> names;
    for (; n != kNoCallNode; n = tree.node(n).parent)
        names.insert(names.begin(), std::string(profile.name(tree.node(n).function)));
    return names;
}

} // namespace

TEST_CASE("call tree children nest inside their parent and never repeat a function on a path") {
    for (std::string profiler : {"cProfile", "profile"}) {
        CAPTURE(profiler);
        PstatsProfile profile = profile_of(profiler, "mixed");
        CallTree tree = CallTree::build(profile, {0.0, 1'000'000});
        REQUIRE(tree.nodes().size() > 10);
        REQUIRE(tree.total_s() > 0);
        for (CallNodeId n = 0; n < tree.nodes().size(); ++n) {
            const CallNode& node = tree.node(n);
            double children = 0;
            for (uint32_t i = 0; i < node.child_count; ++i) {
                const CallNode& child = tree.node(node.first_child + i);
                CHECK(child.parent == n);
                CHECK(child.depth == node.depth + 1);
                CHECK(child.start_s >= node.start_s - 1e-12);
                CHECK(child.start_s + child.inclusive_s <= node.start_s + node.inclusive_s + 1e-9);
                children += child.inclusive_s;
            }
            CHECK(children <= node.inclusive_s * (1 + 1e-9) + 1e-12);
            for (CallNodeId up = node.parent; up != kNoCallNode; up = tree.node(up).parent)
                CHECK(tree.node(up).function != node.function);
        }
    }
}

TEST_CASE("call tree follows the workload's real paths, recursion folded into its first call") {
    PstatsProfile profile = profile_of("cProfile", "recursion");
    CallTree tree = CallTree::build(profile);
    bool fib_under_lambda = false;
    int fib_nodes = 0;
    for (CallNodeId n = 0; n < tree.nodes().size(); ++n) {
        if (profile.name(tree.node(n).function) != "fib")
            continue;
        ++fib_nodes;
        std::vector<std::string> path = path_to(profile, tree, n);
        fib_under_lambda = fib_under_lambda || path[path.size() - 2] == "<lambda>";
    }
    CHECK(fib_under_lambda);
    CHECK(fib_nodes == 1); // fib calls only fib: one node holds all of it
}

TEST_CASE("call tree leaves out slivers and stops at its node limit") {
    PstatsProfile profile = profile_of("cProfile", "mixed");
    CallTree full = CallTree::build(profile, {0.0, 1'000'000});
    CallTree pruned = CallTree::build(profile, {0.05, 1'000'000});
    CHECK(pruned.nodes().size() < full.nodes().size());
    for (const CallNode& node : pruned.nodes())
        CHECK((node.parent == kNoCallNode || node.inclusive_s >= pruned.total_s() * 0.05));
    CallTree capped = CallTree::build(profile, {0.0, 8});
    CHECK(capped.nodes().size() <= 8);
    CHECK(capped.truncated());
}

} // namespace framescope

namespace framescope {

TEST_CASE("call tree roots cover the heaviest function, also when the entry sits in a cycle") {
    // Real profiles run through runpy or importlib: there builtins.exec calls <module>, which
    // imports, which calls exec again, so the program's entry has callers.
    std::filesystem::path corpus = test::corpus_dir();
    std::vector<std::string> files;
    if (!corpus.empty())
        for (const auto& entry : std::filesystem::directory_iterator(corpus))
            if (entry.is_regular_file() && entry.path().extension() != ".md" &&
                entry.path().extension() != ".tsv")
                files.push_back(entry.path().string());
    if (files.empty()) {
        MESSAGE("no real-world corpus beside the repository; skipped");
        return;
    }
    for (const std::string& file : files) {
        CAPTURE(file);
        Result<PstatsProfile> profile = load_pstats_file(file);
        REQUIRE(profile);
        CallTree tree = CallTree::build(*profile);
        double heaviest =
            *std::max_element(profile->cumulative_s.begin(), profile->cumulative_s.end());
        double widest_root = 0;
        for (CallNodeId root : tree.roots())
            widest_root = std::max(widest_root, tree.node(root).inclusive_s);
        CHECK(widest_root == heaviest);
    }
}

} // namespace framescope
