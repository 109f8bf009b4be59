// PathTree: the prefix tree of call paths, grown one call at a time as a profile is read. A
// node is its parent and its function; the child of (parent, function) is found in a flat
// open-addressing table of node ids, so a path costs one probe per frame and no allocation.
#pragma once

#include <cstdint>
#include <vector>

#include "loaders/pstats_profile.h"

namespace framescope {

struct PathNode {
    FunctionId function;
    uint32_t parent;
    double inclusive_s = 0, self_s = 0, calls = 0;
};

class PathTree {
  public:
    static constexpr uint32_t kTop = 0; // above the roots: the parent of every outermost call

    PathTree();
    // The node of `function` called from `parent`, added the first time.
    uint32_t child(uint32_t parent, FunctionId function);
    PathNode& operator[](uint32_t id) { return nodes_[id]; }
    const std::vector<PathNode>& nodes() const { return nodes_; } // a parent before its children

  private:
    static constexpr uint32_t kEmpty = 0; // node 0 is never anyone's child
    size_t slot_of(uint32_t parent, FunctionId function) const;
    void grow();
    std::vector<PathNode> nodes_;
    std::vector<uint32_t> slots_; // node ids, kEmpty where free; never more than half full
};

} // namespace framescope
