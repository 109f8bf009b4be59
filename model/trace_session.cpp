#include "model/trace_session.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "loaders/profile_formats.h"
#include "model/frame_function.h"
#include "model/stack_profile_builder.h"

namespace framescope {
namespace {

// A frame this long has stopped the program responding; the recorder's default.
constexpr double kTraceStallMs = 2000;

// One past the last call under calls[i] (its callees, theirs, ...).
size_t subtree_end(const ProfileData& trace, size_t i) {
    size_t j = i + 1;
    while (j < trace.calls.size() && trace.calls[j].thread == trace.calls[i].thread &&
           trace.calls[j].depth > trace.calls[i].depth)
        ++j;
    return j;
}

// Own time of calls [first, end), a call and its callees: duration minus direct callees'.
std::vector<double> self_times(const ProfileData& trace, size_t first, size_t end) {
    std::vector<double> self(end - first);
    std::vector<size_t> open; // by depth below calls[first]: the latest call there
    uint32_t base = trace.calls[first].depth;
    for (size_t j = first; j < end; ++j) {
        const TimedCall& call = trace.calls[j];
        self[j - first] = call.end - call.begin;
        open.resize(call.depth - base);
        if (!open.empty())
            self[open.back() - first] -= call.end - call.begin;
        open.push_back(j);
    }
    return self;
}

std::string thread_label(const ProfileData& trace, uint32_t thread) {
    const std::string& name = trace.threads[thread];
    return name.empty() ? "thread " + std::to_string(thread) : name;
}

std::string most_called(const ProfileData& trace, size_t count) {
    std::unordered_map<FrameId, size_t> calls;
    for (const TimedCall& call : trace.calls)
        ++calls[call.frame];
    std::vector<std::pair<size_t, std::string_view>> ranked;
    for (auto [frame, n] : calls)
        ranked.push_back({n, trace.strings.get(trace.frames[frame].function)});
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::string names;
    for (size_t k = 0; k < ranked.size() && k < count; ++k)
        names += (k ? ", " : "") + std::string(ranked[k].second);
    return names.empty() ? "(none: the profile has no timed calls)" : names;
}

// Adds calls[i] and everything under it, in seconds; `path` holds what is above it.
void add_calls(StackProfileBuilder& builder, const ProfileData& trace, double seconds_per_unit,
               size_t i, std::vector<FunctionId> path) {
    size_t end = subtree_end(trace, i);
    std::vector<double> self = self_times(trace, i, end);
    uint32_t base = trace.calls[i].depth;
    size_t above = path.size();
    for (size_t j = i; j < end; ++j) {
        const TimedCall& call = trace.calls[j];
        const ProfileFrame& frame = trace.frames[call.frame];
        path.resize(above + (call.depth - base));
        path.push_back(builder.function(trace.strings.get(frame.file), frame.line,
                                        trace.strings.get(frame.function)));
        builder.add_call(path, self[j - i] * seconds_per_unit,
                         (call.end - call.begin) * seconds_per_unit);
    }
}

} // namespace

bool is_named_function(std::string_view traced, std::string_view named) {
    if (named.empty())
        return false;
    return traced == named || (traced.size() > named.size() && traced.ends_with(named) &&
                               traced[traced.size() - named.size() - 1] == '.');
}

Result<ReportBundle> trace_session(std::shared_ptr<const ProfileData> trace,
                                   std::string_view frame_function, const std::string& source) {
    const ProfileData& data = *trace;
    double us_per_unit = seconds_per_unit(data.unit) * 1e6;
    if (us_per_unit <= 0)
        return Error{"its weights are " + data.unit + ", not times: no frames to find", source};
    std::vector<bool> named(data.frames.size());
    for (FrameId f = 0; f < data.frames.size(); ++f)
        named[f] = is_named_function(data.strings.get(data.frames[f].function), frame_function);
    std::vector<size_t> per_thread(data.threads.size());
    for (const TimedCall& call : data.calls)
        per_thread[call.thread] += named[call.frame];
    auto busiest = std::max_element(per_thread.begin(), per_thread.end());
    if (busiest == per_thread.end() || *busiest == 0)
        return Error{"no call of '" + std::string(frame_function) +
                         "' in the trace; the functions called most: " + most_called(data, 5),
                     source};
    uint32_t thread = uint32_t(busiest - per_thread.begin());

    ReportBundle session;
    session.source = source;
    session.session.app = std::filesystem::path(source).filename().string();
    session.session.frame_budget_ms = kDefaultBudgetMs;
    session.session.slow_frame_ms = kDefaultBudgetMs;
    session.session.stall_ms = kTraceStallMs;
    session.ending.status = SessionStatus::unknown;
    double origin = INFINITY;
    for (const TimedCall& call : data.calls)
        origin = std::min(origin, call.begin);
    double frame_end = -INFINITY; // inside a frame until then: a recursive call
    for (uint32_t i = 0; i < data.calls.size(); ++i) {
        const TimedCall& call = data.calls[i];
        if (call.thread != thread || !named[call.frame] || call.begin < frame_end)
            continue;
        frame_end = call.end;
        session.frame_calls.push_back(i);
        session.frames.start_us.push_back(
            uint64_t(std::llround((call.begin - origin) * us_per_unit)));
        session.frames.duration_us.push_back(uint32_t(
            std::clamp<double>(std::round((call.end - call.begin) * us_per_unit), 0, UINT32_MAX)));
    }
    session.notes.push_back("frames: the calls of " + std::string(frame_function) + " on " +
                            thread_label(data, thread));
    session.trace = std::move(trace);
    return session;
}

bool may_hold_timed_calls(ProfileFormat format) {
    return format == ProfileFormat::trace_event || format == ProfileFormat::speedscope;
}

Result<ReportBundle> load_trace_session(const std::string& path, std::string_view frame_function) {
    Result<AnyProfile> read = read_profile_file(path);
    if (!read)
        return read.error();
    ProfileData* data = std::get_if<ProfileData>(&*read);
    if (!data || data->calls.empty())
        return Error{"no timed calls in this profile (it holds samples or totals): frames come "
                     "from a trace, such as viztracer's or an evented speedscope profile",
                     path};
    return trace_session(std::make_shared<const ProfileData>(std::move(*data)), frame_function,
                         path);
}

std::shared_ptr<LoadedProfile> profile_of_trace_frames(const ReportBundle& session, uint32_t first,
                                                       uint32_t last, bool all_threads,
                                                       const std::string& title) {
    const ProfileData& trace = *session.trace;
    double seconds = seconds_per_unit(trace.unit);
    last = std::min<uint32_t>(last, uint32_t(session.frame_calls.size()) - 1);
    StackProfileBuilder builder(title);
    const TimedCall& first_call = trace.calls[session.frame_calls[first]];
    const TimedCall& last_call = trace.calls[session.frame_calls[last]];
    auto above = [&](const TimedCall& call) {
        if (!all_threads)
            return std::vector<FunctionId>{};
        return std::vector<FunctionId>{
            builder.function("~", 0, "thread " + thread_label(trace, call.thread))};
    };
    for (uint32_t f = first; f <= last; ++f) {
        uint32_t i = session.frame_calls[f];
        add_calls(builder, trace, seconds, i, above(trace.calls[i]));
    }
    if (all_threads)
        for (size_t i = 0; i < trace.calls.size(); ++i) {
            const TimedCall& call = trace.calls[i];
            if (call.thread != first_call.thread && call.depth == 0 &&
                call.begin >= first_call.begin && call.begin < last_call.end)
                add_calls(builder, trace, seconds, i, above(call));
        }
    return builder.finish();
}

void for_each_frame_call(const ReportBundle& session, uint32_t frame,
                         const std::function<void(const FrameCall&)>& each) {
    const ProfileData& trace = *session.trace;
    double seconds = seconds_per_unit(trace.unit);
    size_t first = session.frame_calls[frame], end = subtree_end(trace, first);
    std::vector<double> self = self_times(trace, first, end);
    std::vector<const ProfileFrame*> above; // by depth below the frame's call
    uint32_t base = trace.calls[first].depth;
    for (size_t j = first; j < end; ++j) {
        const TimedCall& call = trace.calls[j];
        const ProfileFrame& at = trace.frames[call.frame];
        above.resize(call.depth - base);
        bool recursive = std::any_of(above.begin(), above.end(), [&](const ProfileFrame* caller) {
            return caller->function == at.function && caller->file == at.file;
        });
        each({at, self[j - first] * seconds, (call.end - call.begin) * seconds, recursive});
        above.push_back(&at);
    }
}

std::vector<StackEntry> trace_frame_hot_path(const ReportBundle& session, uint32_t frame) {
    const ProfileData& trace = *session.trace;
    size_t first = session.frame_calls[frame], end = subtree_end(trace, first);
    std::vector<double> self = self_times(trace, first, end);
    size_t hottest = first;
    for (size_t j = first; j < end; ++j)
        if (self[j - first] > self[hottest - first])
            hottest = j;
    std::vector<StackEntry> path;
    uint32_t depth = trace.calls[hottest].depth + 1;
    for (size_t j = hottest + 1; j-- > first;) // back to the frame's call, caller by caller
        if (trace.calls[j].depth < depth) {
            const ProfileFrame& at = trace.frames[trace.calls[j].frame];
            depth = trace.calls[j].depth;
            path.push_back({std::string(trace.strings.get(at.file)),
                            uint32_t(std::max<int64_t>(at.line, 0)),
                            std::string(trace.strings.get(at.function))});
        }
    return path;
}

} // namespace framescope
