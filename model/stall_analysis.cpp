#include "model/stall_analysis.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "model/code_origin.h"
#include "model/trace_session.h"
#include "model/versions.h"

namespace framescope {
namespace {

// "/opt/app/pkg/__init__.py" -> "pkg/__init__.py"; "C:\\app\\game.py" -> "game.py".
std::string_view short_file(std::string_view path) {
    size_t slash = path.find_last_of("/\\");
    if (slash == std::string_view::npos)
        return path;
    std::string_view base = path.substr(slash + 1);
    if ((base == "__init__.py" || base == "__main__.py") && slash > 0) {
        size_t parent = path.find_last_of("/\\", slash - 1);
        return path.substr(parent == std::string_view::npos ? 0 : parent + 1);
    }
    return base;
}

std::string frame_key(std::string_view file, std::string_view function) {
    std::string key(short_file(file));
    key += ':';
    key += function;
    return key;
}

bool is_interpreter_startup(std::string_view file) {
    return file.starts_with("<builtin>/");
}

const ThreadStack* main_thread(const ReportBundle& bundle, const StackSample& sample) {
    for (uint32_t t = sample.first_thread; t < sample.first_thread + sample.thread_count; ++t)
        if (bundle.threads[t].is_main)
            return &bundle.threads[t];
    return nullptr;
}

// A thread's frames outermost first, without the interpreter's own start-up frames.
std::vector<const StackFrame*> outermost_first(const ReportBundle& bundle,
                                               const ThreadStack& thread) {
    std::vector<const StackFrame*> frames;
    for (uint32_t i = thread.frame_count; i-- > 0;) {
        const StackFrame& frame = bundle.stack_frames[thread.first_frame + i];
        if (!is_interpreter_startup(bundle.strings.get(frame.file)))
            frames.push_back(&frame);
    }
    return frames;
}

template <typename Key> Key most_common(const std::map<Key, size_t>& counts, size_t* count_out) {
    Key best{};
    size_t best_count = 0;
    for (const auto& [key, count] : counts)
        if (count > best_count) {
            best = key;
            best_count = count;
        }
    if (count_out)
        *count_out = best_count;
    return best;
}

// A distinct stack of the main thread, outermost first, and how many samples had it.
struct CountedStack {
    std::vector<const StackFrame*> frames;
    size_t samples = 0;
};

// The stack most of `samples` samples share, frame by frame from the outermost.
std::vector<StackEntry> majority_stack(const ReportBundle& bundle,
                                       const std::vector<CountedStack>& stacks, size_t samples) {
    std::vector<StackEntry> stack; // outermost first while building
    std::vector<size_t> alive(stacks.size());
    for (size_t i = 0; i < stacks.size(); ++i)
        alive[i] = i;
    for (size_t depth = 0; !alive.empty(); ++depth) {
        std::map<std::string, size_t> keys;
        for (size_t s : alive)
            if (depth < stacks[s].frames.size())
                keys[frame_key(bundle.strings.get(stacks[s].frames[depth]->file),
                               bundle.strings.get(stacks[s].frames[depth]->function))] +=
                    stacks[s].samples;
        size_t count = 0;
        std::string key = most_common(keys, &count);
        if (count == 0 || count * 2 <= samples)
            break;
        std::vector<size_t> matching;
        std::map<uint32_t, size_t> lines;
        std::map<std::string_view, size_t> files;
        for (size_t s : alive) {
            if (depth >= stacks[s].frames.size())
                continue;
            const StackFrame& frame = *stacks[s].frames[depth];
            if (frame_key(bundle.strings.get(frame.file), bundle.strings.get(frame.function)) !=
                key)
                continue;
            matching.push_back(s);
            lines[frame.line] += stacks[s].samples;
            files[bundle.strings.get(frame.file)] += stacks[s].samples;
        }
        const StackFrame& first = *stacks[matching.front()].frames[depth];
        stack.push_back({std::string(most_common(files, nullptr)), most_common(lines, nullptr),
                         std::string(bundle.strings.get(first.function))});
        alive = std::move(matching);
    }
    std::reverse(stack.begin(), stack.end());
    return stack;
}

std::vector<StackEntry> innermost_entries(const ReportBundle& bundle, const ThreadStack& thread,
                                          size_t limit) {
    std::vector<StackEntry> entries;
    for (uint32_t i = 0; i < thread.frame_count && entries.size() < limit; ++i) {
        const StackFrame& frame = bundle.stack_frames[thread.first_frame + i];
        entries.push_back({std::string(bundle.strings.get(frame.file)), frame.line,
                           std::string(bundle.strings.get(frame.function))});
    }
    return entries;
}

std::vector<std::string> reentered_functions(std::span<const StackEntry> stack) {
    std::map<std::string, size_t> seen;
    std::vector<std::string> order;
    for (const StackEntry& entry : stack)
        if (++seen[frame_key(entry.file, entry.function)] == 2)
            order.push_back(entry.function + " (" + std::string(short_file(entry.file)) + ")");
    return order;
}

// Where one other thread was during a group's samples: how often, and at which stacks.
struct ThreadTally {
    size_t samples = 0;
    // By signature: how often, and the last stack seen with it (in a ThreadPlaces).
    std::map<std::string, std::pair<size_t, const std::vector<StackEntry>*>> places;
};

// A thread's innermost frames and their signature, worked out once per distinct stack of a
// session: the samples of a stall repeat the other threads' stacks as well.
class ThreadPlaces {
  public:
    struct Place {
        std::vector<StackEntry> where;
        std::string signature;
    };
    const Place& of(size_t session, const ReportBundle& bundle, const ThreadStack& thread);

  private:
    std::map<std::tuple<size_t, uint32_t, uint32_t>, Place> places_; // session, first, length
};

OtherThread summarise(const std::string& label, const ThreadTally& tally) {
    OtherThread thread{label, {}, tally.samples};
    size_t most = 0;
    for (const auto& [signature, place] : tally.places)
        if (place.first > most) {
            most = place.first;
            thread.stack = *place.second;
        }
    return thread;
}

constexpr size_t kSignatureFrames = 8;

// Frames that start the program or import its modules: CPython and PyPy differ in them
// (<frozen runpy> or runpy.py, importlib's callbacks), so they never tell stalls apart.
bool is_startup_machinery(const CodeLocation& location) {
    return location.origin == Origin::launcher ||
           (location.origin == Origin::standard_library &&
            (location.module == "runpy.py" || location.module.starts_with("importlib/") ||
             location.module == "app_main.py"));
}
constexpr size_t kOtherThreadFrames = 3;
constexpr double kGcShareOfStall = 0.1;

} // namespace

// Unnamed, a thread is named after the function it was started with: its outermost frame
// outside threading.py.
std::string thread_label(const ReportBundle& bundle, const ThreadStack& thread) {
    std::string_view name = bundle.strings.get(thread.name);
    if (!name.empty())
        return std::string(name);
    for (const StackFrame* frame : outermost_first(bundle, thread))
        if (!bundle.strings.get(frame->file).ends_with("threading.py"))
            return "thread running " + std::string(bundle.strings.get(frame->function));
    return "thread " + std::to_string(thread.thread_id);
}

std::vector<StackEntry> blocking_stack(const ReportBundle& bundle,
                                       std::span<const uint32_t> sample_indices) {
    // A stall's samples mostly repeat one stack, which the bundle holds once: each distinct
    // stack is read once and counted, in the order the samples first had it.
    std::vector<CountedStack> stacks;
    std::map<std::pair<uint32_t, uint32_t>, size_t> index_of; // by first frame and length
    size_t samples = 0;
    for (uint32_t index : sample_indices) {
        const ThreadStack* main = main_thread(bundle, bundle.samples[index]);
        if (!main)
            continue;
        ++samples;
        auto [found, added] =
            index_of.emplace(std::pair{main->first_frame, main->frame_count}, stacks.size());
        if (added)
            stacks.push_back({outermost_first(bundle, *main), 0});
        ++stacks[found->second].samples;
    }
    return majority_stack(bundle, stacks, samples);
}

std::string stack_signature(std::span<const StackEntry> stack) {
    std::vector<std::string_view> files; // outermost first, as code_origin reads a stack
    for (auto entry = stack.rbegin(); entry != stack.rend(); ++entry)
        files.push_back(entry->file);
    std::vector<CodeLocation> where = locate_stack(files);
    std::vector<std::string> own, rest; // innermost first
    for (size_t i = 0; i < stack.size(); ++i) {
        const CodeLocation& location = where[stack.size() - 1 - i];
        std::string key = location.module + ":" + stack[i].function;
        if (location.origin == Origin::application || location.origin == Origin::plugin)
            own.push_back(std::move(key));
        else if (!is_startup_machinery(location))
            rest.push_back(std::move(key));
    }
    const std::vector<std::string>& chosen = own.empty() ? rest : own;
    std::string signature;
    for (size_t i = 0; i < chosen.size() && i < kSignatureFrames; ++i) {
        if (i > 0)
            signature += " <- ";
        signature += chosen[i];
    }
    return signature;
}

const ThreadPlaces::Place& ThreadPlaces::of(size_t session, const ReportBundle& bundle,
                                            const ThreadStack& thread) {
    auto [found, added] =
        places_.try_emplace(std::tuple{session, thread.first_frame, thread.frame_count});
    if (added) {
        found->second.where = innermost_entries(bundle, thread, kOtherThreadFrames);
        found->second.signature = stack_signature(found->second.where);
    }
    return found->second;
}

double gc_ms_between(const ReportBundle& bundle, double start_s, double end_s) {
    double total_ms = 0;
    for (const GcEvent& event : bundle.gc_events) {
        double from = std::max(start_s, event.time_s);
        double to = std::min(end_s, event.time_s + event.duration_ms / 1000.0);
        if (to > from)
            total_ms += (to - from) * 1000.0;
    }
    return total_ms;
}

std::vector<Stall> find_stalls(const ReportBundle& bundle, size_t session_index) {
    std::map<uint32_t, std::vector<uint32_t>> samples_by_frame;
    for (uint32_t i = 0; i < bundle.samples.size(); ++i)
        samples_by_frame[bundle.samples[i].frame_index].push_back(i);
    const double stall_s = bundle.session.stall_ms / 1000.0;

    std::vector<Stall> stalls;
    auto add = [&](uint32_t frame, double start_s, double duration_s, bool unfinished) {
        Stall stall;
        stall.session = session_index;
        stall.frame_index = frame;
        stall.start_s = start_s;
        stall.duration_s = duration_s;
        stall.unfinished = unfinished;
        if (auto found = samples_by_frame.find(frame); found != samples_by_frame.end())
            stall.samples = found->second;
        for (uint32_t sample : stall.samples)
            stall.during_gc |= bundle.samples[sample].during_gc;
        double gc_ms = gc_ms_between(bundle, start_s, start_s + duration_s);
        stall.during_gc |= gc_ms > 0 && gc_ms >= kGcShareOfStall * duration_s * 1000.0;
        stall.stack = blocking_stack(bundle, stall.samples);
        stalls.push_back(std::move(stall));
    };

    if (bundle.has_frame_timings) {
        const FrameTimings& frames = bundle.frames;
        for (uint32_t i = 0; i < frames.size(); ++i)
            if (stall_s > 0 && frames.duration_us[i] / 1e6 >= stall_s)
                add(i, frames.start_us[i] / 1e6, frames.duration_us[i] / 1e6, false);
    }
    // Samples of frames that never ended (a hang), or of every stall in a stall trace.
    for (const auto& [frame, samples] : samples_by_frame) {
        if (bundle.has_frame_timings && frame < bundle.frames.size())
            continue;
        double lag_s = 0;
        for (uint32_t sample : samples)
            lag_s = std::max(lag_s, bundle.samples[sample].lag_s);
        if (lag_s < stall_s)
            continue;
        const StackSample& first = bundle.samples[samples.front()];
        add(frame, first.time_s - first.lag_s, lag_s, bundle.has_frame_timings);
    }
    return stalls;
}

std::vector<SessionStalls> stalls_by_session(const StallGroup& group) {
    std::vector<SessionStalls> rows;
    std::unordered_map<size_t, size_t> row_of; // by session
    for (const Stall* stall : group.stalls) {
        auto [found, added] = row_of.emplace(stall->session, rows.size());
        if (added)
            rows.push_back({stall->session, 0, 0, stall});
        SessionStalls& row = rows[found->second];
        ++row.count;
        row.total_s += stall->duration_s;
        if (stall->duration_s > row.longest->duration_s)
            row.longest = stall;
    }
    return rows;
}

std::vector<StackEntry> frame_blocking_stack(const ReportBundle& bundle, uint32_t frame_index) {
    if (bundle.trace) // every call is known: no samples to agree on
        return trace_frame_hot_path(bundle, frame_index);
    std::vector<uint32_t> samples;
    for (uint32_t i = 0; i < bundle.samples.size(); ++i)
        if (bundle.samples[i].frame_index == frame_index)
            samples.push_back(i);
    return blocking_stack(bundle, samples);
}

std::vector<StallGroup> group_stalls(std::span<const ReportBundle> bundles,
                                     std::span<const Stall> stalls) {
    std::unordered_map<std::string, size_t> index_of;
    std::vector<StallGroup> groups;
    std::vector<std::set<std::string>> sessions;
    std::vector<std::set<std::string>> versions, interpreters; // per group
    std::vector<std::map<std::string, ThreadTally>> threads;   // per group, by thread label
    std::vector<bool> representative_exact;
    std::vector<double> representative_s;
    ThreadPlaces other_places;
    for (const Stall& stall : stalls) {
        std::string signature = stack_signature(stall.stack);
        auto [found, added] = index_of.emplace(signature, groups.size());
        if (added) {
            groups.emplace_back();
            groups.back().signature = signature;
            sessions.emplace_back();
            versions.emplace_back();
            interpreters.emplace_back();
            threads.emplace_back();
            representative_exact.push_back(false);
            representative_s.push_back(0);
        }
        StallGroup& group = groups[found->second];
        const ReportBundle& bundle = bundles[stall.session];
        // The stack shown is the longest stall's, from a source with exact line numbers
        // when the group has one.
        bool exact = !bundle.approximate_lines;
        if (group.count == 0 || (exact && !representative_exact[found->second]) ||
            (exact == representative_exact[found->second] &&
             stall.duration_s > representative_s[found->second])) {
            group.stack = stall.stack;
            representative_exact[found->second] = exact;
            representative_s[found->second] = stall.duration_s;
        }
        group.longest_s = std::max(group.longest_s, stall.duration_s);
        ++group.count;
        group.samples += stall.samples.size();
        group.total_s += stall.duration_s;
        group.during_gc += stall.during_gc;
        group.unfinished += stall.unfinished;
        group.stalls.push_back(&stall);
        sessions[found->second].insert(bundle.source);
        if (!bundle.session.version.empty())
            versions[found->second].insert(bundle.session.version);
        std::string interpreter =
            interpreter_label(bundle.session.interpreter, bundle.session.python_version);
        if (!interpreter.empty())
            interpreters[found->second].insert(interpreter);
        // Other threads: by label, and within a label by where they were.
        for (uint32_t index : stall.samples) {
            const StackSample& sample = bundle.samples[index];
            for (uint32_t t = sample.first_thread; t < sample.first_thread + sample.thread_count;
                 ++t) {
                const ThreadStack& thread = bundle.threads[t];
                if (thread.is_main)
                    continue;
                ThreadTally& tally = threads[found->second][thread_label(bundle, thread)];
                ++tally.samples;
                const ThreadPlaces::Place& place = other_places.of(stall.session, bundle, thread);
                auto& [count, stack] = tally.places[place.signature];
                ++count;
                stack = &place.where;
            }
        }
    }
    for (size_t g = 0; g < groups.size(); ++g) {
        groups[g].sessions = sessions[g].size();
        groups[g].reentered = reentered_functions(groups[g].stack);
        groups[g].versions.assign(versions[g].begin(), versions[g].end());
        std::sort(groups[g].versions.begin(), groups[g].versions.end(), version_before);
        groups[g].interpreters.assign(interpreters[g].begin(), interpreters[g].end());
        std::sort(groups[g].interpreters.begin(), groups[g].interpreters.end(), interpreter_before);
        for (const auto& [label, tally] : threads[g])
            groups[g].other_threads.push_back(summarise(label, tally));
        std::stable_sort(
            groups[g].other_threads.begin(), groups[g].other_threads.end(),
            [](const OtherThread& a, const OtherThread& b) { return a.samples > b.samples; });
        groups[g].diagnosis = diagnose_stall(groups[g], bundles);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const StallGroup& a, const StallGroup& b) {
        return a.total_s > b.total_s;
    });
    return groups;
}

} // namespace framescope
