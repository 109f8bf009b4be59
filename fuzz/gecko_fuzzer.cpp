// Fuzz target for the reader of the Firefox Profiler's JSON (the processed layout Python's
// profiling.sampling writes, and the Gecko profiler's own). Besides crashes and sanitizer
// reports, it aborts when what the reader returns breaks what the model relies on (see
// profile_data_checks.h).

#include "fuzz/profile_data_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    framescope::fuzz_profile_format(framescope::ProfileFormat::gecko, data, size);
    return 0;
}
