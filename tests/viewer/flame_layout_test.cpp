// The flame graph's view arithmetic on a real call tree: hit tests find each node at its own
// centre, and labels go only to nodes wide enough, whatever the zoom.

#include <doctest/doctest.h>

#include "loaders/pstats_loader.h"
#include "tests/support/test_support.h"
#include "viewer/views/flame_layout.h"

namespace framescope {

TEST_CASE("flame layout finds every node under its centre and labels only what fits") {
    test::TempDir dir;
    std::string file = (dir / "p.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {file});
    Result<PstatsProfile> profile = load_pstats_file(file);
    REQUIRE(profile);
    CallTree tree = CallTree::build(*profile, {0.0, 1'000'000});
    FlameLayout layout(tree);
    for (CallNodeId n = 0; n < tree.nodes().size(); ++n) {
        const CallNode& node = tree.node(n);
        if (node.inclusive_s <= tree.total_s() * 1e-9)
            continue; // too narrow for its centre to be told from its edges in doubles
        double centre = (node.start_s + node.inclusive_s / 2) / tree.total_s();
        CHECK(layout.node_at(centre, int(node.depth)) == n);
    }
    CHECK(layout.node_at(0.5, int(tree.max_depth()) + 5) == kNoCallNode);

    std::vector<FlameLabel> labels;
    FlameViewport view;
    layout.visible_labels(view, 1000, 2000, 0, 18, 40, labels);
    REQUIRE(!labels.empty());
    for (const FlameLabel& label : labels)
        CHECK(label.right_px - label.left_px >= 40 - 1e-3);
    view.zoom(20, 0.5);
    layout.visible_labels(view, 1000, 2000, 0, 18, 40, labels);
    REQUIRE(!labels.empty()); // the roots span the whole axis: they fit at any zoom
    for (const FlameLabel& label : labels) {
        CHECK(label.left_px >= 0);
        CHECK(label.right_px <= 1000);
        CHECK(label.right_px - label.left_px >= 40 - 1e-3);
    }
}

} // namespace framescope
