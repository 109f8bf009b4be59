// What the views of one window share: the loaded profile, the selected function with its
// back/forward history, the search, and which view is in front.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/function_search.h"
#include "model/load_job.h"

namespace framescope {

constexpr FunctionId kNoFunction = 0xffffffffu;

enum class ViewKind { Table, Callers, Tree, Flame, Sandwich, Details, Lines };

// Set by a comparison on the profile it shows: each function's colour in the flame graph
// (by its change against the other profile) and a line about the other side for tooltips.
struct FunctionOverlay {
    std::vector<uint32_t> colours; // per function, 0xAABBGGRR
    std::vector<std::string> notes;
};

struct ViewerState {
    std::shared_ptr<LoadedProfile> loaded;
    FunctionId selected = kNoFunction;
    std::vector<FunctionId> back, forward;       // selection history, most recent last
    std::string search;                          // what the flame graph highlights
    bool search_is_regex = false;                // search is a regular expression, not plain text
    std::shared_ptr<const FunctionSearch> found; // the last finished search; null: none
    bool strip_dirs = false;                     // places as base names only ("world.py:88")
    bool hide_idle = false;                      // waiting left out (see model/idle_time)
    // The main loop's per-frame function, whose calls count the frames; none: no frames.
    std::optional<FunctionId> frame_function;
    float budget_ms = 16.7f;
    // A function picked as the per-frame function of a trace: the window opens the trace
    // again as a session, a frame per call of it. Taken (and cleared) by the window.
    std::string trace_frame_function;
    ViewKind front = ViewKind::Flame; // the right-hand pane's tab
    bool front_changed = false;       // set when front was chosen from outside the tab bar
    std::shared_ptr<const FunctionOverlay> overlay; // colours the flame graph when set

    // The profile knows when each call began and ended: its frames can be read exactly.
    bool has_timed_calls() const {
        if (loaded)
            for (const auto& data : loaded->data)
                if (data && !data->calls.empty())
                    return true;
        return false;
    }

    // What the views show: the profile's call tree, or with idle hidden the one without it.
    bool idle_hidden() const { return hide_idle && loaded && loaded->busy; }
    const CallTree& tree() const { return idle_hidden() ? loaded->busy->tree : loaded->tree; }
    // A function's total as shown, and all time as shown.
    double cumulative_s(FunctionId f) const {
        return idle_hidden() ? loaded->busy->cumulative_s[f] : loaded->profile.cumulative_s[f];
    }
    double total_s() const {
        return idle_hidden() ? loaded->busy->total_s : loaded->profile.total_self_s;
    }
    // A weight of the profile, in its unit ("1.25 s", "420 samples").
    std::string weight(double value) const {
        return format_weight(value, loaded ? std::string_view(loaded->unit) : unit::seconds);
    }

    // Selects `f`, remembering the previous selection for back().
    void select(FunctionId f) {
        if (f == selected)
            return;
        if (selected != kNoFunction)
            back.push_back(selected);
        forward.clear();
        selected = f;
    }
    void go_back() {
        if (back.empty())
            return;
        forward.push_back(selected);
        selected = back.back();
        back.pop_back();
    }
    void go_forward() {
        if (forward.empty())
            return;
        back.push_back(selected);
        selected = forward.back();
        forward.pop_back();
    }
};

} // namespace framescope
