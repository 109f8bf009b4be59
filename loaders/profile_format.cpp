#include "loaders/profile_format.h"

namespace framescope {

const char* profile_format_name(ProfileFormat format) {
    switch (format) {
    case ProfileFormat::pstats:
        return "pstats";
    case ProfileFormat::speedscope:
        return "speedscope";
    case ProfileFormat::collapsed:
        return "collapsed stacks";
    case ProfileFormat::austin:
        return "Austin";
    case ProfileFormat::callgrind:
        return "callgrind";
    case ProfileFormat::trace_event:
        return "Trace Event JSON";
    case ProfileFormat::gecko:
        return "Firefox Profiler (gecko) JSON";
    case ProfileFormat::lprof:
        return "line_profiler";
    }
    return "?";
}

double seconds_per_unit(std::string_view name) {
    if (name == unit::seconds)
        return 1;
    if (name == unit::milliseconds)
        return 1e-3;
    if (name == unit::microseconds)
        return 1e-6;
    if (name == unit::nanoseconds)
        return 1e-9;
    return 0;
}

std::string unit_symbol(std::string_view name) {
    if (name == unit::seconds)
        return "s";
    if (name == unit::milliseconds)
        return "ms";
    if (name == unit::microseconds)
        return "\xc2\xb5s";
    if (name == unit::nanoseconds)
        return "ns";
    return std::string(name);
}

} // namespace framescope
