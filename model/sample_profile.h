// The stack samples of a frame or a time range, as a profile that the profile views (table,
// flame graph, call tree, callers) show: each function line with the time of the samples it
// was on (cumulative) and at the top of (own), caller edges between neighbours on a stack,
// and the exact tree of the sampled paths. The main thread alone, or every thread under a
// root named after it.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "loaders/report_bundle.h"
#include "model/load_job.h"

namespace framescope {

// How much time each sample stands for, in seconds: until the next sample of the same frame
// (at most four intervals), or the session's sampling interval after the last one.
std::vector<double> sample_weights(const ReportBundle& bundle, std::span<const uint32_t> samples);

std::shared_ptr<LoadedProfile> profile_of_samples(const ReportBundle& bundle,
                                                  std::span<const uint32_t> sample_indices,
                                                  bool all_threads, const std::string& title);

} // namespace framescope
