// CallTree: a top-down call tree rebuilt from pstats' aggregated caller edges, laid out for a
// flame graph (each node's start and width on a time axis).
//
// pstats keeps no call paths, only per-edge totals, so paths are attributed: a node for F that
// was given time T shares T among F's callees in proportion to each edge's cumulative time
// (edge ct scaled by T / F's cumulative time), and keeps F's own time scaled the same way. A
// callee already on the path (recursion) is not expanded again: its time is the ancestor's.
// Children are ordered heaviest first, and nodes narrower than a minimum share are left out.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "loaders/pstats_profile.h"

namespace framescope {

using CallNodeId = uint32_t;
constexpr CallNodeId kNoCallNode = 0xffffffffu;

struct CallNode {
    FunctionId function;
    CallNodeId parent;  // kNoCallNode for a root
    uint32_t depth;     // 0 for roots
    double start_s;     // left edge on the time axis, from the first root's start
    double inclusive_s; // the node's width: its time, callees included
    double self_s;      // its own time, attributed
    double calls;       // its calls, attributed (fractional where a function is shared)
    CallNodeId first_child;
    uint32_t child_count; // children are first_child .. first_child + child_count - 1
};

struct CallTreeOptions {
    double min_share = 1e-5;      // leave out nodes narrower than this share of the total
    size_t max_nodes = 2'000'000; // stop growing there (the tree says it was cut short)
};

// One sampled call path, outermost function first, and the time it stands for; or, from a
// trace, one exact call: its path and its own time, counting a call of the innermost alone.
struct WeightedStack {
    std::vector<FunctionId> functions;
    double weight_s;
    bool one_call = false; // a traced call, not a sample of every function on the path
};

class PathTree;

class CallTree {
  public:
    static CallTree build(const PstatsProfile& profile, const CallTreeOptions& options = {});
    // The same from the profile's callee lists, where they are made anyway.
    static CallTree build(const PstatsProfile& profile, const CalleeLists& callees,
                          const CallTreeOptions& options = {});
    // The exact tree of sampled paths: nothing is attributed, a path is where it was seen.
    static CallTree from_stacks(std::span<const WeightedStack> stacks);
    // The same, of paths gathered as they were read.
    static CallTree from_paths(const PathTree& paths);

    // The tree without the nodes of the functions `hidden` marks (and what they called):
    // their time leaves every node above them, so what remains shows the rest at its width.
    CallTree without(const std::vector<bool>& hidden) const;

    // Bottom-up: roots are the functions where time was spent (by own time), a node's
    // children are its callers, each holding the own time that reached it through them.
    CallTree inverted() const;

    const std::vector<CallNode>& nodes() const { return nodes_; }
    const CallNode& node(CallNodeId id) const { return nodes_[id]; }
    std::vector<CallNodeId> roots() const;
    double total_s() const { return total_s_; }
    uint32_t max_depth() const { return max_depth_; }
    bool truncated() const { return truncated_; } // max_nodes was reached

  private:
    std::vector<CallNode> nodes_; // breadth first: children of a node are contiguous
    double total_s_ = 0;
    uint32_t max_depth_ = 0;
    bool truncated_ = false;
};

} // namespace framescope
