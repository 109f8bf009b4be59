#include "model/stack_profile_builder.h"

#include <algorithm>

#include "model/pstats_combine.h"

namespace framescope {

StackProfileBuilder::StackProfileBuilder(const std::string& title) {
    profile_.sources.push_back({title, 0});
}

FunctionId StackProfileBuilder::function(std::string_view file, int64_t line,
                                         std::string_view name) {
    FunctionKey key{line, profile_.strings.intern(file), profile_.strings.intern(name)};
    auto [found, added] = ids_.emplace(key, FunctionId(profile_.keys.size()));
    if (added) {
        profile_.keys.push_back(key);
        profile_.calls.push_back(0);
        profile_.self_s.push_back(0);
        profile_.cumulative_s.push_back(0);
    }
    return found->second;
}

void StackProfileBuilder::add(const std::vector<FunctionId>& path, double weight) {
    if (path.empty()) {
        add_frameless(weight);
        return;
    }
    seen_in_stack_.resize(profile_.keys.size(), 0);
    uint32_t stamp = ++stack_count_;
    uint32_t at = PathTree::kTop;
    for (size_t i = 0; i < path.size(); ++i) {
        FunctionId f = path[i];
        if (seen_in_stack_[f] != stamp) { // recursion counts once
            seen_in_stack_[f] = stamp;
            profile_.calls[f] += 1;
            profile_.cumulative_s[f] += weight;
            if (i > 0) {
                Edge& e = edge(f, path[i - 1]);
                e.samples += 1;
                e.cumulative += weight;
            }
        }
        at = paths_.child(at, f);
        paths_[at].inclusive_s += weight;
        paths_[at].calls += 1;
    }
    profile_.self_s[path.back()] += weight;
    paths_[at].self_s += weight;
}

void StackProfileBuilder::add_call(const std::vector<FunctionId>& path, double self,
                                   double inclusive) {
    if (path.empty())
        return;
    uint32_t at = PathTree::kTop;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
        at = paths_.child(at, path[i]);
        paths_[at].inclusive_s += self;
    }
    FunctionId f = path.back();
    // A call inside another call of the same function is in that one's time already.
    bool recursive = std::find(path.begin(), path.end() - 1, f) != path.end() - 1;
    add_call_below(at, path.size() > 1 ? path[path.size() - 2] : 0, f, recursive, self, inclusive);
}

uint32_t StackProfileBuilder::add_call_below(uint32_t caller_node, FunctionId caller,
                                             FunctionId function, bool recursive, double self,
                                             double inclusive) {
    profile_.calls[function] += 1;
    profile_.self_s[function] += self;
    if (!recursive)
        profile_.cumulative_s[function] += inclusive;
    if (caller_node != PathTree::kTop) {
        Edge& e = edge(function, caller);
        e.samples += 1;
        if (!recursive)
            e.cumulative += inclusive;
    }
    uint32_t at = paths_.child(caller_node, function);
    paths_[at].inclusive_s += self;
    paths_[at].self_s += self;
    paths_[at].calls += 1;
    return at;
}

std::shared_ptr<LoadedProfile> StackProfileBuilder::finish() {
    PstatsProfile& p = profile_;
    p.function_count = p.keys.size();
    p.prim_calls = p.calls;
    p.callers_begin.assign(1, 0);
    FunctionId callee = 0;
    std::vector<std::pair<uint64_t, Edge>> edges(edges_.begin(), edges_.end());
    edges_ = {};
    std::sort(edges.begin(), edges.end(), // by callee, then caller
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [ends, edge] : edges) {
        while (callee < FunctionId(ends >> 32)) {
            p.callers_begin.push_back(uint32_t(p.callers.size()));
            ++callee;
        }
        p.callers.push_back(
            {FunctionId(ends), CallerForm::Tuple, edge.samples, edge.samples, 0, edge.cumulative});
    }
    while (p.callers_begin.size() <= p.function_count)
        p.callers_begin.push_back(uint32_t(p.callers.size()));
    for (FunctionId f = 0; f < p.function_count; ++f) {
        p.total_calls += p.calls[f];
        p.total_self_s += p.self_s[f];
    }
    p.total_prim_calls = p.total_calls;
    std::vector<std::string> paths = {p.sources.front().path};
    CallTree tree = CallTree::from_paths(paths_);
    paths_ = PathTree();
    auto loaded = profile_of_pstats(std::move(p), std::move(paths), std::move(tree));
    loaded->exact_paths = true;
    loaded->frameless_weight = frameless_weight_;
    return loaded;
}

namespace {

// A function is its (name, file): formats that record the line a frame was at give one
// function many lines. Its line is the lowest seen, the nearest to where it begins. Frames
// no path holds make no function.
class FunctionsOfFrames {
  public:
    FunctionsOfFrames(const ProfileData& data, StackProfileBuilder& builder)
        : data_(data), builder_(builder), ids_(data.frames.size(), kNone) {
        for (const ProfileFrame& frame : data.frames) {
            auto [found, added] = first_line_.emplace(key(frame), frame.line);
            if (!added && frame.line > 0 && (found->second <= 0 || frame.line < found->second))
                found->second = frame.line;
        }
    }
    FunctionId operator[](FrameId id) {
        if (ids_[id] == kNone) {
            const ProfileFrame& frame = data_.frames[id];
            ids_[id] = builder_.function(data_.strings.get(frame.file), first_line_[key(frame)],
                                         data_.strings.get(frame.function));
        }
        return ids_[id];
    }

  private:
    static constexpr FunctionId kNone = ~FunctionId(0);
    static uint64_t key(const ProfileFrame& f) { return uint64_t(f.function) << 32 | f.file; }
    const ProfileData& data_;
    StackProfileBuilder& builder_;
    std::vector<FunctionId> ids_;
    std::unordered_map<uint64_t, int64_t> first_line_;
};

// A trace's calls, each once, with its own time (its duration less its direct callees'):
// the calls column counts calls, not the stacks a call's time is spread over.
void add_timed_calls(const ProfileData& data, double scale, StackProfileBuilder& builder) {
    FunctionsOfFrames functions(data, builder);
    std::vector<FunctionId> path;
    std::vector<size_t> open; // by depth: the latest call there on this thread
    std::vector<double> self(data.calls.size());
    for (size_t i = 0; i < data.calls.size(); ++i) { // callees follow their caller
        const TimedCall& call = data.calls[i];
        self[i] = call.end - call.begin;
        open.resize(std::min<size_t>(call.depth, open.size()));
        if (call.depth > 0 && !open.empty())
            self[open.back()] -= call.end - call.begin;
        open.push_back(i);
    }
    // By depth: the functions above the call at hand and their nodes; how often each
    // function is on that path, for recursion.
    std::vector<uint32_t> nodes, on_path;
    for (size_t i = 0; i < data.calls.size(); ++i) {
        const TimedCall& call = data.calls[i];
        while (path.size() > call.depth) {
            --on_path[path.back()];
            path.pop_back();
            nodes.pop_back();
        }
        FunctionId f = functions[call.frame];
        on_path.resize(std::max<size_t>(on_path.size(), f + 1), 0);
        uint32_t caller_node = nodes.empty() ? PathTree::kTop : nodes.back();
        nodes.push_back(builder.add_call_below(caller_node, path.empty() ? 0 : path.back(), f,
                                               on_path[f] > 0, self[i] * scale,
                                               (call.end - call.begin) * scale));
        path.push_back(f);
        ++on_path[f];
    }
}

void add_stacks(const ProfileData& data, double scale, StackProfileBuilder& builder) {
    if (data.format == ProfileFormat::trace_event) // every call known, nested exactly
        return add_timed_calls(data, scale, builder);
    FunctionsOfFrames functions(data, builder);
    std::vector<FunctionId> path;
    for (const SampledStack& stack : data.stacks) {
        path.clear();
        for (uint32_t i = 0; i < stack.frame_count; ++i)
            path.push_back(functions[data.stack_frames[stack.first_frame + i]]);
        builder.add(path, stack.weight * scale);
    }
    builder.add_frameless(data.frameless_weight * scale);
}

// callgrind's rows as pstats rows: function f's callers are the edges into it.
PstatsProfile pstats_of_rows(const ProfileData& data, const std::string& path, double scale) {
    PstatsProfile p;
    p.sources.push_back({path, 0});
    std::vector<FunctionId> id_of_frame(data.frames.size(), ~FunctionId(0));
    for (const FunctionRow& row : data.functions) {
        const ProfileFrame& frame = data.frames[row.frame];
        id_of_frame[row.frame] = FunctionId(p.keys.size());
        p.keys.push_back({frame.line, p.strings.intern(data.strings.get(frame.file)),
                          p.strings.intern(data.strings.get(frame.function))});
        int64_t calls = std::max<int64_t>(row.calls, 0);
        p.calls.push_back(calls);
        p.prim_calls.push_back(calls);
        p.self_s.push_back(row.self * scale);
        p.cumulative_s.push_back(row.inclusive * scale);
        p.total_calls += calls;
        p.total_self_s += row.self * scale;
    }
    p.function_count = p.keys.size();
    p.total_prim_calls = p.total_calls;
    std::vector<std::vector<CallerEdge>> callers(p.function_count);
    for (const CallEdgeRow& edge : data.edges) {
        FunctionId caller = id_of_frame[edge.caller], callee = id_of_frame[edge.callee];
        if (caller == ~FunctionId(0) || callee == ~FunctionId(0))
            continue;
        callers[callee].push_back(
            {caller, CallerForm::Tuple, edge.calls, edge.calls, 0, edge.inclusive * scale});
    }
    p.callers_begin.push_back(0);
    for (const std::vector<CallerEdge>& edges : callers) {
        p.callers.insert(p.callers.end(), edges.begin(), edges.end());
        p.callers_begin.push_back(uint32_t(p.callers.size()));
    }
    return p;
}

// How much of the first input's unit one of `unit` is: 1, a ratio of time units, or 0 when
// they do not combine.
double scale_to(const std::string& unit, const std::string& first) {
    if (unit == first)
        return 1;
    double from = seconds_per_unit(unit), to = seconds_per_unit(first);
    return from > 0 && to > 0 ? from / to : 0;
}

} // namespace

Result<std::shared_ptr<LoadedProfile>>
profile_of_data(std::vector<std::shared_ptr<const ProfileData>> inputs,
                std::vector<std::string> paths) {
    const ProfileData& first = *inputs.front();
    bool rows = !first.functions.empty() && first.stacks.empty();
    std::vector<double> scales;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const ProfileData& data = *inputs[i];
        scales.push_back(scale_to(data.unit, first.unit));
        if (scales.back() == 0)
            return Error::plain(paths[i] + ": its weights are " + data.unit + ", " + paths[0] +
                                "'s are " + first.unit + ": they do not add up");
        if ((!data.functions.empty() && data.stacks.empty()) != rows)
            return Error::plain(paths[i] + ": a " + profile_format_name(data.format) +
                                " profile does not combine with " + paths[0] + "'s " +
                                profile_format_name(first.format) + " profile");
    }
    std::shared_ptr<LoadedProfile> loaded;
    if (rows) {
        std::vector<PstatsProfile> profiles;
        for (size_t i = 0; i < inputs.size(); ++i)
            profiles.push_back(pstats_of_rows(*inputs[i], paths[i], scales[i]));
        Result<PstatsProfile> merged = merge_profiles(std::move(profiles));
        if (!merged)
            return merged.error();
        loaded = profile_of_pstats(std::move(*merged), paths);
    } else {
        StackProfileBuilder builder(paths.front());
        for (size_t i = 0; i < inputs.size(); ++i)
            add_stacks(*inputs[i], scales[i], builder);
        loaded = builder.finish();
        loaded->paths = paths;
    }
    loaded->format = first.format;
    loaded->unit = first.unit;
    loaded->data = std::move(inputs);
    return loaded;
}

} // namespace framescope
