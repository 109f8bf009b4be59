#include "model/sample_profile.h"

#include <algorithm>

#include "model/stack_profile_builder.h"

namespace framescope {

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
    StackProfileBuilder builder(title);
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
