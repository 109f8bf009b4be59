// load_lprof: the LineStats object's state, checked shape by shape, into plain rows.

#include "loaders/lprof_loader.h"

#include <algorithm>
#include <string_view>
#include <tuple>

#include "loaders/restricted_unpickler.h"

namespace framescope {
namespace {

using Kind = PickleValue::Kind;

// Where line_profiler has defined LineStats: the Cython module (before and after it moved
// into the package) and the Python one.
const std::vector<std::string> kLineStatsClasses = {
    "line_profiler.line_profiler LineStats",
    "line_profiler._line_profiler LineStats",
    "_line_profiler LineStats",
    "line_profiler LineStats",
};

bool number(const PickleValue& v, double& out) {
    if (v.kind == Kind::integer) {
        out = double(v.integer);
        return true;
    }
    if (v.kind == Kind::real) {
        out = v.real;
        return true;
    }
    return false;
}

bool tuple_of(const PickleValue& v, size_t n) {
    return v.kind == Kind::tuple && v.items->size() == n;
}

Result<LprofFunction> read_function(const PickleValue& key, const PickleValue& rows,
                                    const std::string& source) {
    auto bad = [&](const std::string& what) {
        return Error::at_offset(source, 0, "not a line_profiler pickle: " + what);
    };
    if (!tuple_of(key, 3) || (*key.items)[0].kind != Kind::text ||
        (*key.items)[1].kind != Kind::integer || (*key.items)[2].kind != Kind::text)
        return bad("a timings key is not (file, line, function name)");
    LprofFunction f{(*key.items)[0].text, (*key.items)[1].integer, (*key.items)[2].text, {}};
    if (rows.kind != Kind::list)
        return bad("the timings of a function are not a list");
    for (const PickleValue& row : *rows.items) {
        double time = 0;
        if (!tuple_of(row, 3) || (*row.items)[0].kind != Kind::integer ||
            (*row.items)[1].kind != Kind::integer || !number((*row.items)[2], time))
            return bad("a line's timing is not (line, hits, time)");
        f.lines.push_back({(*row.items)[0].integer, (*row.items)[1].integer, time});
    }
    return f;
}

} // namespace

double LprofFunction::total_time() const {
    double total = 0;
    for (const LprofLine& t : lines)
        total += t.time;
    return total;
}

Result<LprofStats> load_lprof(std::span<const uint8_t> bytes, const std::string& name) {
    Result<PickleValue> value = unpickle(bytes, name, kLineStatsClasses);
    if (!value)
        return value.error();
    auto bad = [&](const std::string& what) {
        return Error::at_offset(name, 0, "not a line_profiler pickle: " + what);
    };
    if (value->kind != Kind::object)
        return bad("it holds no LineStats object");
    const PickleValue& state = value->state();
    const PickleValue* timings = state.get("timings");
    const PickleValue* unit = state.get("unit");
    LprofStats profile;
    if (!timings || timings->kind != Kind::dict || !unit || !number(*unit, profile.unit_s) ||
        !(profile.unit_s > 0))
        return bad("LineStats without its timings dict and unit");
    for (size_t i = 0; i + 1 < timings->items->size(); i += 2) {
        Result<LprofFunction> f =
            read_function((*timings->items)[i], (*timings->items)[i + 1], name);
        if (!f)
            return f.error();
        profile.functions.push_back(std::move(f).value());
    }
    std::stable_sort(profile.functions.begin(), profile.functions.end(),
                     [](const LprofFunction& a, const LprofFunction& b) {
                         return std::tie(a.file, a.first_line, a.name) <
                                std::tie(b.file, b.first_line, b.name);
                     });
    return profile;
}

ProfileData lprof_profile_data(const LprofStats& stats) {
    ProfileData data;
    data.format = ProfileFormat::lprof;
    data.unit = std::string(unit::seconds);
    for (const LprofFunction& f : stats.functions) {
        FrameId frame = data.frame(f.name, f.file, f.first_line);
        double seconds = f.total_time() * stats.unit_s;
        data.functions.push_back({frame, seconds, seconds, -1});
        for (const LprofLine& line : f.lines)
            data.lines.push_back({frame, line.line, line.hits, line.time * stats.unit_s});
    }
    return data;
}

} // namespace framescope
