// Text exports of a profile's views, for bug reports and CI logs: the call tree (or one
// subtree) indented, the findings as Markdown, and the flame graph as a self-contained SVG
// with hover titles, as flamegraph.pl writes them. The window and the CLI both use these.
#pragma once

#include <string>

#include "model/call_tree.h"

namespace framescope {

// The subtree under `root` (every root if kNoCallNode), one node a line, two spaces a level:
// "share%  inclusive s  own s  label".
std::string call_tree_text(const PstatsProfile& profile, const CallTree& tree,
                           CallNodeId root = kNoCallNode, uint32_t max_depth = 40);

// A main loop's frames, for exports per frame: counted by the per-frame function's calls.
struct FrameBudget {
    FunctionId function;
    double budget_ms;
};

// The hottest functions by own and by cumulative time, and the hottest paths, in Markdown;
// with `frames`, each function's cumulative time also in ms per frame and as a share of the
// frame budget.
std::string findings_markdown(const PstatsProfile& profile, const CallTree& tree, size_t rows = 10,
                              const FrameBudget* frames = nullptr);

// The flame graph (roots at the bottom, as flamegraph.pl draws it) as an SVG document.
std::string flame_graph_svg(const PstatsProfile& profile, const CallTree& tree,
                            int width_px = 1200);

} // namespace framescope
