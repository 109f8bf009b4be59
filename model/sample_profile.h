// The stack samples of a frame or a time range, as a profile that the profile views (table,
// flame graph, call tree, callers) show: each function line with the time of the samples it
// was on (cumulative) and at the top of (own), caller edges between neighbours on a stack,
// and the exact tree of the sampled paths. The main thread alone, or every thread under a
// root named after it.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "loaders/report_bundle.h"
#include "model/load_job.h"

namespace framescope {

std::shared_ptr<LoadedProfile> profile_of_samples(const ReportBundle& bundle,
                                                  std::span<const uint32_t> sample_indices,
                                                  bool all_threads, const std::string& title);

} // namespace framescope
