#include "model/sandwich.h"

#include <algorithm>
#include <vector>

namespace framescope {

Sandwich sandwich_of(const CallTree& tree, FunctionId function) {
    std::vector<WeightedStack> callers, callees;
    for (CallNodeId n = 0; n < tree.nodes().size(); ++n) {
        const CallNode& node = tree.node(n);
        if (node.function != function)
            continue;
        // Only where it is outermost on its path: deeper calls are inside this one's time.
        std::vector<FunctionId> up{function};
        bool outermost = true;
        for (CallNodeId p = node.parent; p != kNoCallNode; p = tree.node(p).parent) {
            outermost &= tree.node(p).function != function;
            up.push_back(tree.node(p).function);
        }
        if (!outermost)
            continue;
        callers.push_back({std::move(up), node.inclusive_s});
        // Every node below, as the path from this one to it, weighing the time it holds that
        // its children do not (its own, and what was too small to be a node).
        std::vector<std::pair<CallNodeId, std::vector<FunctionId>>> pending{{n, {function}}};
        while (!pending.empty()) {
            auto [id, path] = std::move(pending.back());
            pending.pop_back();
            const CallNode& at = tree.node(id);
            double remainder = at.inclusive_s;
            for (uint32_t c = 0; c < at.child_count; ++c) {
                const CallNode& child = tree.node(at.first_child + c);
                remainder -= child.inclusive_s;
                std::vector<FunctionId> longer = path;
                longer.push_back(child.function);
                pending.push_back({at.first_child + c, std::move(longer)});
            }
            callees.push_back({std::move(path), std::max(0.0, remainder)});
        }
    }
    return {CallTree::from_stacks(callers), CallTree::from_stacks(callees)};
}

} // namespace framescope
