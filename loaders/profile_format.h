// The profile formats framescope reads, told apart by content (see input_kind), and the units
// their weights are in. A profile keeps its format's own unit: a py-spy profile counts
// samples, Austin microseconds, callgrind its first event; the views show it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace framescope {

enum class ProfileFormat : uint8_t {
    pstats,     // cProfile / profile: a marshalled dict keyed by (file, line, function)
    speedscope, // speedscope JSON: sampled and evented profiles (py-spy, pyinstrument, austin)
    collapsed,  // folded stacks "a;b;c 42" (py-spy --format raw, flamegraph.pl, profiling.sampling)
    austin,     // Austin's "P<pid>;T<tid>;frames METRIC" lines with "# key: value" headers
    callgrind,  // callgrind text (pyprof2calltree, yappi, pprofile)
    trace_event, // Chrome Trace Event JSON (viztracer, PyTorch's profiler)
    gecko,       // the Firefox Profiler's JSON (Python 3.15's profiling.sampling)
    lprof,       // line_profiler's pickled line statistics
};

// "pstats", "speedscope", "collapsed stacks", "Austin", ... as messages name the format.
const char* profile_format_name(ProfileFormat format);

// The units a profile's weights come in. Time units are those names exactly; anything else
// (callgrind's events, "bytes") is the format's own name for what it counts.
namespace unit {
inline constexpr std::string_view seconds = "seconds";
inline constexpr std::string_view milliseconds = "milliseconds";
inline constexpr std::string_view microseconds = "microseconds";
inline constexpr std::string_view nanoseconds = "nanoseconds";
inline constexpr std::string_view samples = "samples";
inline constexpr std::string_view bytes = "bytes";
} // namespace unit

// How many seconds one of `unit` is; 0 when it is not a unit of time.
double seconds_per_unit(std::string_view unit);

// The short form a column header shows: "s", "ms", "µs", "ns", "samples", or the name itself.
std::string unit_symbol(std::string_view unit);

} // namespace framescope
