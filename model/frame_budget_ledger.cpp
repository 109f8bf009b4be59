// frame_budget_ledger: one pass over the range's samples (they are stored in frame order, so
// the range is found by binary search), O(samples x stack depth), or over a trace's calls of
// each frame, with a small map per frame for its dominant function.

#include "model/frame_budget_ledger.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "model/sample_profile.h"
#include "model/trace_session.h"

namespace framescope {
namespace {

// A function is its file and its name: lines move within it from sample to sample.
struct FunctionRef {
    StringId file = 0;
    StringId function = 0;
    bool operator==(const FunctionRef&) const = default;
};

struct FunctionRefHash {
    size_t operator()(const FunctionRef& f) const {
        return std::hash<uint64_t>()((uint64_t(f.file) << 32) | f.function);
    }
};

struct Tally {
    double self_s = 0, total_s = 0;
    size_t frames_lost = 0;
    std::map<uint32_t, size_t> lines; // line -> samples on it
};

const ThreadStack* main_thread(const ReportBundle& bundle, const StackSample& sample) {
    for (uint32_t t = sample.first_thread; t < sample.first_thread + sample.thread_count; ++t)
        if (bundle.threads[t].is_main)
            return &bundle.threads[t];
    return nullptr;
}

bool frame_before(const StackSample& sample, uint32_t frame) {
    return sample.frame_index < frame;
}

// The session's frames as the ledger counts them: those that finished and, in a session that
// hung, the one that never did (one past the last), from the last frame's end to its last
// sample or the session's recorded end.
class LedgerFrames {
  public:
    explicit LedgerFrames(const ReportBundle& bundle) : frames_(bundle.frames) {
        size_t finished = frames_.size();
        if (!bundle.ending.hung || finished == 0 || bundle.samples.empty() ||
            bundle.samples.back().frame_index != finished)
            return;
        unfinished_start_us_ = double(frames_.start_us.back()) + frames_.duration_us.back();
        unfinished_end_us_ = bundle.samples.back().time_s * 1e6;
        if (bundle.ending.end_unix > 0 && bundle.session.start_unix > 0)
            unfinished_end_us_ = std::max(
                unfinished_end_us_, (bundle.ending.end_unix - bundle.session.start_unix) * 1e6);
        count_ = uint32_t(finished + 1);
    }
    uint32_t count() const { return count_; }
    double start_us(uint32_t frame) const {
        return frame < frames_.size() ? double(frames_.start_us[frame]) : unfinished_start_us_;
    }
    double end_us(uint32_t frame) const {
        return frame < frames_.size() ? double(frames_.start_us[frame]) + frames_.duration_us[frame]
                                      : unfinished_end_us_;
    }
    double duration_ms(uint32_t frame) const { return (end_us(frame) - start_us(frame)) / 1000; }

  private:
    const FrameTimings& frames_;
    uint32_t count_ = uint32_t(frames_.size());
    double unfinished_start_us_ = 0, unfinished_end_us_ = 0;
};

// What the ledger counts of each function over the range, and for each over-budget frame the
// function that held it up longest in its own code.
struct LedgerTallies {
    const FrameBudgetLedger& ledger;
    const LedgerFrames& frames;
    std::unordered_map<FunctionRef, Tally, FunctionRefHash> functions;
    std::vector<bool> attributed = std::vector<bool>(ledger.frames, false);
    uint32_t current_frame = UINT32_MAX;
    std::unordered_map<FunctionRef, double, FunctionRefHash> frame_self_s; // the current frame's

    LedgerTallies(const FrameBudgetLedger& l, const LedgerFrames& f) : ledger(l), frames(f) {}

    void start_frame(uint32_t frame) {
        close_frame();
        current_frame = frame;
        frame_self_s.clear();
    }
    void add_self(FunctionRef f, double seconds) {
        functions[f].self_s += seconds;
        frame_self_s[f] += seconds;
    }
    // Time with `f` anywhere on the stack, counted once however deep it recursed.
    void add_total(FunctionRef f, uint32_t line, double seconds) {
        Tally& tally = functions[f];
        tally.total_s += seconds;
        ++tally.lines[line];
    }
    void close_frame() {
        if (current_frame == UINT32_MAX || frame_self_s.empty() ||
            frames.duration_ms(current_frame) <= ledger.budget_ms)
            return;
        auto dominant =
            std::max_element(frame_self_s.begin(), frame_self_s.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        ++functions[dominant->first].frames_lost;
        attributed[current_frame - ledger.first_frame] = true;
    }
};

// The main thread's samples of the range: each stands for the time until the next one.
bool tally_samples(const ReportBundle& bundle, const LedgerFrames& frames, LedgerTallies& tallies,
                   const std::atomic<bool>* cancel) {
    const FrameBudgetLedger& ledger = tallies.ledger;
    auto begin = std::lower_bound(bundle.samples.begin(), bundle.samples.end(), ledger.first_frame,
                                  frame_before);
    auto end = std::lower_bound(begin, bundle.samples.end(), ledger.last_frame + 1, frame_before);
    std::vector<uint32_t> indices;
    for (auto it = begin; it != end; ++it)
        indices.push_back(uint32_t(it - bundle.samples.begin()));
    std::vector<double> weights = sample_weights(bundle, indices);
    std::vector<FunctionRef> seen;
    for (size_t k = 0; k < indices.size(); ++k) {
        if (cancel && (k & 1023) == 0 && cancel->load())
            return false;
        const StackSample& sample = bundle.samples[indices[k]];
        if (sample.frame_index != tallies.current_frame)
            tallies.start_frame(sample.frame_index);
        const ThreadStack* thread = main_thread(bundle, sample);
        if (!thread || thread->frame_count == 0)
            continue;
        // A sample stands for the time until the next one, but never past its frame's end.
        double frame_end_s = frames.end_us(sample.frame_index) / 1e6;
        double weight_s = std::clamp(frame_end_s - sample.time_s, 0.0, weights[k]);
        seen.clear();
        for (uint32_t i = 0; i < thread->frame_count; ++i) { // innermost first
            const StackFrame& frame = bundle.stack_frames[thread->first_frame + i];
            FunctionRef f{frame.file, frame.function};
            if (i == 0)
                tallies.add_self(f, weight_s);
            if (std::find(seen.begin(), seen.end(), f) == seen.end()) { // recursion counts once
                seen.push_back(f);
                tallies.add_total(f, frame.line, weight_s); // the innermost call's line
            }
        }
    }
    tallies.close_frame();
    return true;
}

// A trace session's frames: every call each frame made, with its exact times.
bool tally_trace_calls(const ReportBundle& bundle, LedgerTallies& tallies,
                       const std::atomic<bool>* cancel) {
    const FrameBudgetLedger& ledger = tallies.ledger;
    uint32_t last = std::min<uint32_t>(ledger.last_frame, uint32_t(bundle.frame_calls.size()) - 1);
    for (uint32_t frame = ledger.first_frame; frame <= last; ++frame) {
        if (cancel && cancel->load())
            return false;
        tallies.start_frame(frame);
        for_each_frame_call(bundle, frame, [&](const FrameCall& call) {
            FunctionRef f{call.frame.file, call.frame.function};
            tallies.add_self(f, call.self_s);
            if (!call.recursive)
                tallies.add_total(f, uint32_t(std::max<int64_t>(call.frame.line, 0)), call.total_s);
        });
    }
    tallies.close_frame();
    return true;
}

} // namespace

FrameBudgetLedger frame_budget_ledger(const ReportBundle& bundle, uint32_t first_frame,
                                      uint32_t last_frame, double budget_ms,
                                      const std::atomic<bool>* cancel) {
    FrameBudgetLedger ledger;
    ledger.budget_ms = budget_ms;
    if (!bundle.has_frame_timings || bundle.frames.size() == 0)
        return ledger;
    LedgerFrames frames(bundle);
    last_frame = std::min(last_frame, frames.count() - 1);
    first_frame = std::min(first_frame, last_frame);
    ledger.first_frame = first_frame;
    ledger.last_frame = last_frame;
    ledger.frames = last_frame - first_frame + 1;
    ledger.range_s = (frames.end_us(last_frame) - frames.start_us(first_frame)) / 1e6;

    LedgerTallies tallies(ledger, frames);
    bool finished = bundle.trace ? tally_trace_calls(bundle, tallies, cancel)
                                 : tally_samples(bundle, frames, tallies, cancel);
    if (!finished)
        return ledger;

    for (uint32_t i = first_frame; i <= last_frame; ++i)
        if (frames.duration_ms(i) > budget_ms) {
            ++ledger.over_budget;
            ledger.unattributed += tallies.attributed[i - first_frame] ? 0 : 1;
        }
    double minutes = ledger.range_s / 60;
    const StringPool& names = bundle.trace ? bundle.trace->strings : bundle.strings;
    for (const auto& [f, tally] : tallies.functions) {
        LedgerLine line;
        line.function = std::string(names.get(f.function));
        line.file = std::string(names.get(f.file));
        if (!tally.lines.empty())
            line.line =
                std::max_element(tally.lines.begin(), tally.lines.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; })
                    ->first;
        line.self_ms_per_frame = tally.self_s * 1000 / double(ledger.frames);
        line.total_ms_per_frame = tally.total_s * 1000 / double(ledger.frames);
        line.frames_lost = tally.frames_lost;
        line.frames_lost_per_minute = minutes > 0 ? double(tally.frames_lost) / minutes : 0;
        ledger.lines.push_back(std::move(line));
    }
    // Frames lost first: they are what users see. Then what the function itself cost, as
    // total time would put the outermost frames (the main loop) on top of every ledger.
    std::sort(ledger.lines.begin(), ledger.lines.end(),
              [](const LedgerLine& a, const LedgerLine& b) {
                  if (a.frames_lost != b.frames_lost)
                      return a.frames_lost > b.frames_lost;
                  if (a.self_ms_per_frame != b.self_ms_per_frame)
                      return a.self_ms_per_frame > b.self_ms_per_frame;
                  if (a.total_ms_per_frame != b.total_ms_per_frame)
                      return a.total_ms_per_frame > b.total_ms_per_frame;
                  return a.function < b.function;
              });
    return ledger;
}

FrameBudgetLedger session_ledger(const ReportBundle& bundle) {
    double budget_ms = bundle.session.frame_budget_ms > 0 ? bundle.session.frame_budget_ms : 33.3;
    return frame_budget_ledger(bundle, 0, UINT32_MAX, budget_ms);
}

} // namespace framescope
