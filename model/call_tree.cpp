// CallTree::build: breadth first, so each node's children are laid out contiguously. Whether a
// callee is on the current path is checked by walking up the parents: paths are short, and a
// per-path set would cost more to keep than it saves.

#include "model/call_tree.h"

#include <algorithm>

#include "model/path_tree.h"

namespace framescope {
namespace {

// The callee's time on behalf of its caller: the edge's ct. The profile module's plain counts
// carry no time: the callee's time is shared by calls instead.
double edge_weight(const PstatsProfile& profile, const CalleeEdgeRef& ref) {
    const CallerEdge& e = *ref.edge;
    FunctionId f = ref.callee;
    if (e.form == CallerForm::Tuple)
        return e.cumulative_s;
    return profile.calls[f] > 0
               ? profile.cumulative_s[f] * double(e.calls) / double(profile.calls[f])
               : 0;
}

bool on_path(const std::vector<CallNode>& nodes, CallNodeId from, FunctionId function) {
    for (CallNodeId n = from; n != kNoCallNode; n = nodes[n].parent)
        if (nodes[n].function == function)
            return true;
    return false;
}

} // namespace

CallTree CallTree::build(const PstatsProfile& profile, const CallTreeOptions& options) {
    return build(profile, CalleeLists(profile), options);
}

CallTree CallTree::build(const PstatsProfile& profile, const CalleeLists& callees,
                         const CallTreeOptions& options) {
    CallTree tree;

    // Roots: functions nobody calls. The program's entry can have callers too, when it sits in
    // a cycle (exec -> <module> -> import machinery -> exec): when no root is as heavy as the
    // heaviest function, that function is a root as well.
    std::vector<FunctionId> roots;
    double heaviest_root_s = 0;
    for (FunctionId f = 0; f < profile.function_count; ++f) {
        if (profile.caller_count(f) == 0 && profile.cumulative_s[f] > 0) {
            roots.push_back(f);
            heaviest_root_s = std::max(heaviest_root_s, profile.cumulative_s[f]);
        }
    }
    if (profile.function_count > 0) {
        auto heaviest =
            FunctionId(std::max_element(profile.cumulative_s.begin(), profile.cumulative_s.end()) -
                       profile.cumulative_s.begin());
        if (profile.cumulative_s[heaviest] > heaviest_root_s)
            roots.push_back(heaviest);
    }
    std::stable_sort(roots.begin(), roots.end(), [&](FunctionId a, FunctionId b) {
        return profile.cumulative_s[a] > profile.cumulative_s[b];
    });
    for (FunctionId f : roots) {
        tree.nodes_.push_back({f, kNoCallNode, 0, tree.total_s_, profile.cumulative_s[f],
                               profile.self_s[f], double(profile.calls[f]), kNoCallNode, 0});
        tree.total_s_ += profile.cumulative_s[f];
    }
    double min_width = tree.total_s_ * options.min_share;

    std::vector<CallNode> children;
    for (CallNodeId n = 0; n < tree.nodes_.size(); ++n) {
        CallNode parent = tree.nodes_[n];
        double total =
            parent.function < profile.function_count ? profile.cumulative_s[parent.function] : 0;
        double scale = total > 0 ? parent.inclusive_s / total : 0;
        children.clear();
        for (const CalleeEdgeRef& e : callees[parent.function]) {
            double width = edge_weight(profile, e) * scale;
            if (width <= 0 || width < min_width || on_path(tree.nodes_, n, e.callee))
                continue;
            double callee_total = profile.cumulative_s[e.callee];
            double self = callee_total > 0 ? profile.self_s[e.callee] * width / callee_total : 0;
            children.push_back({e.callee, n, parent.depth + 1, 0, width, self,
                                double(e.edge->calls) * scale, kNoCallNode, 0});
        }
        if (children.empty())
            continue;
        if (tree.nodes_.size() + children.size() > options.max_nodes) {
            tree.truncated_ = true;
            break;
        }
        std::stable_sort(
            children.begin(), children.end(),
            [](const CallNode& a, const CallNode& b) { return a.inclusive_s > b.inclusive_s; });
        // Edge times can add up to more than the parent's (recursion counts time twice in
        // cProfile's edges): shrink the children to fit inside it.
        double sum = 0;
        for (const CallNode& c : children)
            sum += c.inclusive_s;
        double fit = sum > parent.inclusive_s ? parent.inclusive_s / sum : 1;
        double start = parent.start_s;
        for (CallNode& c : children) {
            c.inclusive_s *= fit;
            c.self_s *= fit;
            c.start_s = start;
            start += c.inclusive_s;
        }
        tree.nodes_[n].first_child = CallNodeId(tree.nodes_.size());
        tree.nodes_[n].child_count = uint32_t(children.size());
        tree.max_depth_ = std::max(tree.max_depth_, parent.depth + 1);
        tree.nodes_.insert(tree.nodes_.end(), children.begin(), children.end());
    }
    return tree;
}

CallTree CallTree::from_stacks(std::span<const WeightedStack> stacks) {
    PathTree paths;
    for (const WeightedStack& stack : stacks) {
        uint32_t at = PathTree::kTop;
        for (FunctionId function : stack.functions) {
            at = paths.child(at, function);
            paths[at].inclusive_s += stack.weight_s;
            paths[at].calls += stack.one_call ? 0 : 1;
        }
        if (at != PathTree::kTop) {
            paths[at].self_s += stack.weight_s;
            paths[at].calls += stack.one_call ? 1 : 0;
        }
    }
    return from_paths(paths);
}

CallTree CallTree::from_paths(const PathTree& paths) {
    // Each node's children, in the order they were first seen: counted, then placed.
    const std::vector<PathNode>& trie = paths.nodes();
    std::vector<uint32_t> children_begin(trie.size() + 1, 0);
    for (uint32_t id = 1; id < trie.size(); ++id)
        ++children_begin[trie[id].parent + 1];
    for (size_t i = 1; i < children_begin.size(); ++i)
        children_begin[i] += children_begin[i - 1];
    std::vector<uint32_t> children(trie.size() > 0 ? trie.size() - 1 : 0);
    {
        std::vector<uint32_t> placed(children_begin.begin(), children_begin.end() - 1);
        for (uint32_t id = 1; id < trie.size(); ++id)
            children[placed[trie[id].parent]++] = id;
    }
    auto children_of = [&](uint32_t id) {
        return std::span<uint32_t>(children.data() + children_begin[id],
                                   children_begin[id + 1] - children_begin[id]);
    };
    auto heaviest_first = [&](std::span<uint32_t> ids) {
        if (ids.size() < 2) // most nodes: no buffer to allocate for nothing to sort
            return;
        std::stable_sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
            return trie[a].inclusive_s > trie[b].inclusive_s;
        });
    };
    CallTree tree;
    tree.nodes_.reserve(children.size());
    std::vector<uint32_t> order; // trie ids, in tree node order
    order.reserve(children.size());
    std::span<uint32_t> roots = children_of(PathTree::kTop);
    heaviest_first(roots);
    for (uint32_t id : roots) {
        order.push_back(id);
        tree.nodes_.push_back({trie[id].function, kNoCallNode, 0, tree.total_s_,
                               trie[id].inclusive_s, trie[id].self_s, trie[id].calls, kNoCallNode,
                               0});
        tree.total_s_ += trie[id].inclusive_s;
    }
    for (CallNodeId n = 0; n < order.size(); ++n) {
        std::span<uint32_t> below = children_of(order[n]);
        if (below.empty())
            continue;
        heaviest_first(below);
        CallNode& parent = tree.nodes_[n];
        parent.first_child = CallNodeId(tree.nodes_.size());
        parent.child_count = uint32_t(below.size());
        double start = parent.start_s;
        uint32_t depth = parent.depth + 1;
        tree.max_depth_ = std::max(tree.max_depth_, depth);
        for (uint32_t id : below) {
            tree.nodes_.push_back({trie[id].function, n, depth, start, trie[id].inclusive_s,
                                   trie[id].self_s, trie[id].calls, kNoCallNode, 0});
            start += trie[id].inclusive_s;
            order.push_back(id);
        }
    }
    return tree;
}

CallTree CallTree::without(const std::vector<bool>& hidden) const {
    auto is_hidden = [&](FunctionId f) { return f < hidden.size() && hidden[f]; };
    // Kept: neither hidden nor below a hidden node. Breadth first, a parent comes first.
    std::vector<bool> kept(nodes_.size());
    for (CallNodeId n = 0; n < nodes_.size(); ++n) {
        const CallNode& node = nodes_[n];
        kept[n] = !is_hidden(node.function) && (node.parent == kNoCallNode || kept[node.parent]);
    }
    // The time each kept node loses: its hidden children's, and what its kept children lost.
    std::vector<double> lost(nodes_.size(), 0);
    for (CallNodeId n = CallNodeId(nodes_.size()); n-- > 0;) {
        const CallNode& node = nodes_[n];
        if (node.parent != kNoCallNode && kept[node.parent])
            lost[node.parent] += kept[n] ? lost[n] : node.inclusive_s;
    }
    CallTree tree;
    std::vector<CallNodeId> renumbered(nodes_.size(), kNoCallNode);
    for (CallNodeId n = 0; n < nodes_.size(); ++n) {
        if (!kept[n])
            continue;
        CallNode node = nodes_[n];
        node.inclusive_s -= lost[n];
        node.first_child = kNoCallNode;
        node.child_count = 0;
        if (node.parent == kNoCallNode) {
            node.start_s = tree.total_s_;
            tree.total_s_ += node.inclusive_s;
        } else {
            CallNode& parent = tree.nodes_[renumbered[node.parent]];
            node.parent = renumbered[node.parent];
            // Kept siblings stay contiguous: each starts where the one before it ended.
            node.start_s = parent.child_count == 0
                               ? parent.start_s
                               : tree.nodes_.back().start_s + tree.nodes_.back().inclusive_s;
            if (parent.child_count++ == 0)
                parent.first_child = CallNodeId(tree.nodes_.size());
        }
        tree.max_depth_ = std::max(tree.max_depth_, node.depth);
        renumbered[n] = CallNodeId(tree.nodes_.size());
        tree.nodes_.push_back(node);
    }
    tree.truncated_ = truncated_;
    return tree;
}

CallTree CallTree::inverted() const {
    std::vector<WeightedStack> stacks;
    for (CallNodeId n = 0; n < nodes_.size(); ++n) {
        if (nodes_[n].self_s <= 0)
            continue;
        WeightedStack up{{}, nodes_[n].self_s};
        for (CallNodeId p = n; p != kNoCallNode; p = nodes_[p].parent)
            up.functions.push_back(nodes_[p].function);
        stacks.push_back(std::move(up));
    }
    return from_stacks(stacks);
}

std::vector<CallNodeId> CallTree::roots() const {
    std::vector<CallNodeId> ids;
    for (CallNodeId n = 0; n < nodes_.size() && nodes_[n].parent == kNoCallNode; ++n)
        ids.push_back(n);
    return ids;
}

} // namespace framescope
