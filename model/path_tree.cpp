#include "model/path_tree.h"

namespace framescope {

PathTree::PathTree() : nodes_(1, PathNode{~FunctionId(0), kTop}), slots_(1024, kEmpty) {}

size_t PathTree::slot_of(uint32_t parent, FunctionId function) const {
    uint64_t key = uint64_t(parent) << 32 | function;
    key *= 0x9e3779b97f4a7c15ull; // Fibonacci hashing: the high bits are well mixed
    size_t mask = slots_.size() - 1;
    size_t at = size_t(key >> 32) & mask;
    while (slots_[at] != kEmpty &&
           (nodes_[slots_[at]].parent != parent || nodes_[slots_[at]].function != function))
        at = (at + 1) & mask;
    return at;
}

void PathTree::grow() {
    slots_.assign(slots_.size() * 2, kEmpty);
    for (uint32_t id = 1; id < nodes_.size(); ++id)
        slots_[slot_of(nodes_[id].parent, nodes_[id].function)] = id;
}

uint32_t PathTree::child(uint32_t parent, FunctionId function) {
    size_t at = slot_of(parent, function);
    if (slots_[at] != kEmpty)
        return slots_[at];
    uint32_t id = uint32_t(nodes_.size());
    nodes_.push_back({function, parent});
    slots_[at] = id;
    if (nodes_.size() * 2 > slots_.size())
        grow();
    return id;
}

} // namespace framescope
