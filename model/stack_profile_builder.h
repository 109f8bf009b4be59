// StackProfileBuilder: a profile the views show, built from weighted call paths (samples of
// a session, or a sampled or evented profile format): each function with the weight of the
// paths it is on (cumulative) and at the end of (own), caller edges between neighbours on a
// path, and the exact tree of the paths, nothing attributed.
//
// profile_of_data builds the views' profile of what a format's reader produced: its exact
// paths where it has them, or its function rows and caller edges (callgrind), attributed as
// pstats is.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "loaders/profile_data.h"
#include "model/load_job.h"
#include "model/path_tree.h"

namespace framescope {

class StackProfileBuilder {
  public:
    explicit StackProfileBuilder(const std::string& title);

    FunctionId function(std::string_view file, int64_t line, std::string_view name);
    // `path`: outermost first. A function on the path twice (recursion) counts once.
    void add(const std::vector<FunctionId>& path, double weight);
    // One call exactly, from a trace: `path` holds its callers, outermost first, and then
    // itself; it ran `inclusive`, of which `self` in its own code. It counts one call.
    void add_call(const std::vector<FunctionId>& path, double self, double inclusive);
    // The same call, placed by its caller's node (PathTree::kTop for none; `caller` is then
    // ignored): what add_call does without walking the path again. `recursive`: `function`
    // is on the path above it. Returns the call's node, for its callees.
    uint32_t add_call_below(uint32_t caller_node, FunctionId caller, FunctionId function,
                            bool recursive, double self, double inclusive);
    // Weight on no function (samples with no frame): in the total only.
    void add_frameless(double weight) { frameless_weight_ += weight; }

    std::shared_ptr<LoadedProfile> finish();

  private:
    struct Edge {
        int64_t samples = 0;
        double cumulative = 0;
    };
    PstatsProfile profile_;
    std::unordered_map<FunctionKey, FunctionId, FunctionKeyHash> ids_;
    Edge& edge(FunctionId callee, FunctionId caller) {
        return edges_[uint64_t(callee) << 32 | caller];
    }
    std::unordered_map<uint64_t, Edge> edges_; // callee << 32 | caller
    PathTree paths_;
    std::vector<uint32_t> seen_in_stack_; // by function: the last stack add() saw it in
    uint32_t stack_count_ = 0;
    double frameless_weight_ = 0;
};

// The profiles of one or more inputs of the same unit (their paths added together), titled
// by the first. An error when the units differ.
Result<std::shared_ptr<LoadedProfile>>
profile_of_data(std::vector<std::shared_ptr<const ProfileData>> inputs,
                std::vector<std::string> paths);

} // namespace framescope
