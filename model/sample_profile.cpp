#include "model/sample_profile.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "loaders/pstats_profile.h"

namespace framescope {
namespace {

class ProfileBuilder {
  public:
    explicit ProfileBuilder(const std::string& title) { profile_.sources.push_back({title, 0}); }

    FunctionId function(std::string_view file, int64_t line, std::string_view name) {
        FunctionKey key{line, profile_.strings.intern(file), profile_.strings.intern(name)};
        auto [found, added] = ids_.emplace(key, FunctionId(profile_.keys.size()));
        if (added) {
            profile_.keys.push_back(key);
            profile_.calls.push_back(0);
            profile_.self_s.push_back(0);
            profile_.cumulative_s.push_back(0);
        }
        return found->second;
    }

    // `path`: outermost first.
    void add(const std::vector<FunctionId>& path, double weight_s) {
        if (path.empty())
            return;
        std::vector<FunctionId> seen;
        for (size_t i = 0; i < path.size(); ++i) {
            FunctionId f = path[i];
            if (std::find(seen.begin(), seen.end(), f) == seen.end()) { // recursion counts once
                seen.push_back(f);
                profile_.calls[f] += 1;
                profile_.cumulative_s[f] += weight_s;
                if (i > 0) {
                    Edge& edge = edges_[{f, path[i - 1]}];
                    edge.samples += 1;
                    edge.cumulative_s += weight_s;
                }
            }
        }
        profile_.self_s[path.back()] += weight_s;
        stacks_.push_back({path, weight_s});
    }

    std::shared_ptr<LoadedProfile> finish() {
        PstatsProfile& p = profile_;
        p.function_count = p.keys.size();
        p.prim_calls = p.calls;
        p.callers_begin.assign(1, 0);
        FunctionId callee = 0;
        for (const auto& [ends, edge] : edges_) { // ordered by callee, then caller
            while (callee < ends.first) {
                p.callers_begin.push_back(uint32_t(p.callers.size()));
                ++callee;
            }
            p.callers.push_back(
                {ends.second, CallerForm::Tuple, edge.samples, edge.samples, 0, edge.cumulative_s});
        }
        while (p.callers_begin.size() <= p.function_count)
            p.callers_begin.push_back(uint32_t(p.callers.size()));
        for (FunctionId f = 0; f < p.function_count; ++f) {
            p.total_calls += p.calls[f];
            p.total_self_s += p.self_s[f];
        }
        p.total_prim_calls = p.total_calls;
        auto loaded = std::make_shared<LoadedProfile>();
        loaded->paths = {p.sources.front().path};
        loaded->tree = CallTree::from_stacks(stacks_);
        loaded->profile = std::move(p);
        loaded->names = FunctionNames(loaded->profile);
        loaded->callees = callee_lists(loaded->profile);
        loaded->busy = busy_profile(loaded->profile, loaded->tree);
        return loaded;
    }

  private:
    struct Edge {
        int64_t samples = 0;
        double cumulative_s = 0;
    };
    PstatsProfile profile_;
    std::unordered_map<FunctionKey, FunctionId, FunctionKeyHash> ids_;
    std::map<std::pair<FunctionId, FunctionId>, Edge> edges_; // (callee, caller)
    std::vector<WeightedStack> stacks_;
};

} // namespace

std::vector<double> sample_weights(const ReportBundle& bundle, std::span<const uint32_t> samples) {
    double interval_s = bundle.session.sample_interval_ms > 0
                            ? bundle.session.sample_interval_ms / 1000.0
                        : bundle.session.stall_ms > 0 ? bundle.session.stall_ms / 1000.0
                                                      : 0.05;
    std::vector<double> weights(samples.size(), interval_s);
    for (size_t i = 0; i + 1 < samples.size(); ++i) {
        const StackSample& now = bundle.samples[samples[i]];
        const StackSample& next = bundle.samples[samples[i + 1]];
        if (next.frame_index == now.frame_index && next.time_s > now.time_s)
            weights[i] = std::min(next.time_s - now.time_s, 4 * interval_s);
    }
    return weights;
}

std::shared_ptr<LoadedProfile> profile_of_samples(const ReportBundle& bundle,
                                                  std::span<const uint32_t> sample_indices,
                                                  bool all_threads, const std::string& title) {
    ProfileBuilder builder(title);
    std::vector<double> weights = sample_weights(bundle, sample_indices);
    for (size_t k = 0; k < sample_indices.size(); ++k) {
        const StackSample& sample = bundle.samples[sample_indices[k]];
        for (uint32_t t = sample.first_thread; t < sample.first_thread + sample.thread_count; ++t) {
            const ThreadStack& thread = bundle.threads[t];
            if (!thread.is_main && !all_threads)
                continue;
            std::vector<FunctionId> path;
            if (all_threads) {
                std::string_view name = bundle.strings.get(thread.name);
                path.push_back(
                    builder.function("~", 0, "thread " + std::string(name.empty() ? "?" : name)));
            }
            for (uint32_t i = thread.frame_count; i-- > 0;) {
                const StackFrame& frame = bundle.stack_frames[thread.first_frame + i];
                path.push_back(builder.function(bundle.strings.get(frame.file), frame.line,
                                                bundle.strings.get(frame.function)));
            }
            builder.add(path, weights[k]);
        }
    }
    return builder.finish();
}

} // namespace framescope
