// The window's view of a profile: the function table beside the flame graph, the call tree
// and callers/callees, linked by one selected function and one search. The search runs off
// the window's thread and answers with how many functions match, the share of the time they
// hold, and next/previous through them (Enter and Shift+Enter in the box).
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "model/function_search.h"
#include "viewer/export_menu.h"
#include "viewer/viewer_state.h"
#include "viewer/views/call_tree_view.h"
#include "viewer/views/callers_view.h"
#include "viewer/views/details_view.h"
#include "viewer/views/flame_graph_view.h"
#include "viewer/views/function_table_view.h"
#include "viewer/views/line_view.h"
#include "viewer/views/open_dialog.h"
#include "viewer/views/sandwich_view.h"

namespace framescope {

class ProfileWorkspace {
  public:
    Status init();
    // Opens on `view`, searching for `search` and selecting the hottest function whose
    // label holds `select`; returns a note when `select` matches none.
    std::string show(std::shared_ptr<LoadedProfile> loaded, ViewKind view,
                     const std::string& search, const std::string& select);
    bool has_profile() const { return state_.loaded != nullptr; }
    // A search, a sandwich or a source file is still being worked out off the window's thread.
    bool working() const {
        return job_ || tree_.working() || sandwich_.working() || details_.working() ||
               lines_.working() || export_menu_.working();
    }

    // A note on what was asked for that found nothing (the search it opened with), once.
    std::string take_note() { return std::exchange(note_, {}); }
    // The per-frame function picked in a trace, once, and the files it came from.
    std::string take_trace_frame_function() {
        return std::exchange(state_.trace_frame_function, {});
    }
    const std::vector<std::string>& paths() const { return state_.loaded->paths; }

    void handle_shortcuts(OpenDialog& open_dialog);
    // The toolbar's parts: the files and the export menu (returns what an export did), and
    // the search box with its answer.
    std::string draw_title();
    void draw_search();
    // Everything below the toolbar.
    void draw();

  private:
    ViewerState state_;
    FunctionTableView table_;
    CallersView callers_;
    CallTreeView tree_;
    FlameGraphView flame_;
    SandwichView sandwich_;
    DetailsView details_;
    LineView lines_;
    bool has_lines_ = false; // the profile has line timings: the Lines tab is there
    ExportMenu export_menu_;
    bool focus_search_ = false;
    std::unique_ptr<FunctionSearchJob> job_;
    std::string searched_;           // what job_ (or the last search) looked for
    std::string opened_with_search_; // until its answer comes
    std::string note_;
    int pending_step_ = 0; // Enter in the search box: step once the search has answered
    bool searched_regex_ = false;

    void update_search();
    void step_match(int direction);
    void draw_right_pane();
};

} // namespace framescope
