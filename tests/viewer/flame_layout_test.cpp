// The flame graph's view arithmetic on a real call tree: hit tests find each node at its own
// centre, and labels go to exactly the nodes wide enough, whatever the zoom.

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "loaders/pstats_loader.h"
#include "tests/support/test_support.h"
#include "viewer/views/flame_layout.h"

namespace framescope {
namespace {

// Every node of rows [0, rows) whose part inside a view `width_px` wide spans `min_px`, by
// looking at each node.
std::vector<CallNodeId> nodes_that_fit(const CallTree& tree, const FlameViewport& view,
                                       float width_px, uint32_t rows, float min_px) {
    std::vector<CallNodeId> fit;
    double px_per_unit = width_px / (view.end - view.start);
    for (CallNodeId n = 0; n < tree.nodes().size(); ++n) {
        const CallNode& node = tree.node(n);
        double left = (node.start_s / tree.total_s() - view.start) * px_per_unit;
        double right =
            ((node.start_s + node.inclusive_s) / tree.total_s() - view.start) * px_per_unit;
        if (node.depth < rows && std::min(right, double(width_px)) - std::max(left, 0.0) >= min_px)
            fit.push_back(n);
    }
    return fit;
}

std::vector<CallNodeId> labelled(const std::vector<FlameLabel>& labels) {
    std::vector<CallNodeId> nodes;
    for (const FlameLabel& label : labels)
        nodes.push_back(label.node);
    std::sort(nodes.begin(), nodes.end());
    return nodes;
}

} // namespace

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

    // Labels skip the narrow nodes between wide ones: none that fits may be skipped with them.
    for (double factor : {1.0, 3.0, 50.0, 2000.0}) {
        for (double anchor : {0.0, 0.37, 0.9}) {
            FlameViewport zoomed;
            zoomed.zoom(factor, anchor);
            layout.visible_labels(zoomed, 1600, 900, 0, 18, 40, labels);
            CHECK(labelled(labels) == nodes_that_fit(tree, zoomed, 1600, 51, 40));
        }
    }
}

} // namespace framescope
