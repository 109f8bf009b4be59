// Fuzz target for the callgrind reader. Besides crashes and sanitizer reports, it aborts when
// a profile it returns breaks what the call tree and the callers view rely on: every edge
// names a function, and the columns are as long as the function list.

#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_require.h"
#include "loaders/callgrind_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace framescope;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    Result<CallgrindProfile> read = load_callgrind(text, "input.callgrind");
    if (!read) {
        require(!read.error().message.empty(), "an error says what is wrong");
        return 0;
    }
    const PstatsProfile& p = read->profile;
    require(p.function_count == p.keys.size(), "every key is a function");
    require(p.self_s.size() == p.function_count && p.cumulative_s.size() == p.function_count &&
                p.calls.size() == p.function_count,
            "one value a function in each column");
    require(p.callers_begin.size() == p.function_count + 1 &&
                p.callers_begin.back() == p.callers.size(),
            "caller lists cover the edges");
    for (const CallerEdge& e : p.callers)
        require(e.caller < p.function_count, "an edge's caller is a function");
    for (FunctionId f = 0; f < p.function_count; ++f)
        require(p.self_s[f] >= 0 && p.cumulative_s[f] >= p.self_s[f], "costs are not negative");
    require(!read->unit.empty(), "the unit is named");
    return 0;
}
