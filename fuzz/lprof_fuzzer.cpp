// Fuzz target for the .lprof reader and its restricted unpickler: it must refuse or read any
// bytes without running anything, and what it reads must hold what the line view relies on.

#include <cstdint>

#include "fuzz/fuzz_require.h"
#include "loaders/lprof_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace framescope;
    Result<LprofStats> read = load_lprof({data, size}, "input.lprof");
    if (!read) {
        require(read.error().has_offset, "an error names the offset");
        return 0;
    }
    require(read->unit_s > 0, "the timer unit is positive");
    PstatsProfile rows = line_profile_functions(*read, "input.lprof");
    require(rows.function_count == read->functions.size(), "one row a profiled function");
    return 0;
}
