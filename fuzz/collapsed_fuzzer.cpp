// Fuzz target for the reader of collapsed (folded) stacks: py-spy --format raw, flamegraph.pl,
// profiling.sampling. Besides crashes and sanitizer reports, it aborts when what the reader returns
// breaks what the model relies on (see profile_data_checks.h).

#include "fuzz/profile_data_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    framescope::fuzz_profile_format(framescope::ProfileFormat::collapsed, data, size);
    return 0;
}
