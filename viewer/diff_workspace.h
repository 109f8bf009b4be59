// The window's comparison of profile A (before) and B (after): on the left, every function
// with both sides' figures and the change, sortable by any column (new and vanished
// functions marked, B optionally normalised to A's total); on the right, B's flame graph
// coloured by change against A (red slower, blue faster, stronger for a bigger change;
// magenta only in B) with A's figures in the tooltips, and both sides' callers and callees
// of the selected function. It opens on the function whose own time grew most.
#pragma once

#include <memory>
#include <string>

#include "model/background_job.h"
#include "model/diff_load_job.h"
#include "model/profile_diff.h"
#include "viewer/viewer_state.h"
#include "viewer/views/callers_view.h"
#include "viewer/views/flame_graph_view.h"

namespace framescope {

class DiffWorkspace {
  public:
    Status init() { return flame_.init(); }
    void show(std::shared_ptr<LoadedDiff> loaded);
    bool has_diff() const { return loaded_ != nullptr; }
    bool working() const { return comparing_ != nullptr; } // the diff is worked out
    // Draws everything below the window's toolbar; returns what an export did, if anything.
    std::string draw();

  private:
    std::shared_ptr<LoadedDiff> loaded_;
    bool normalise_ = false;
    ProfileDiff diff_;
    // The diff runs off the window's thread, at the start and when "normalise" changes.
    std::unique_ptr<BackgroundJob<std::shared_ptr<ProfileDiff>>> comparing_;
    std::vector<uint32_t> order_; // rows in the table's order
    uint32_t selected_row_ = 0;
    FunctionId followed_b_selection_ = kNoFunction; // the flame graph's selection, as last seen
    ViewerState a_state_, b_state_;
    FlameGraphView flame_;
    CallersView callers_a_, callers_b_;

    void compare();   // starts working out the diff
    void take_diff(); // once it is worked out: the overlay and the table's default order
    void select_row(uint32_t row);
    void draw_table();
    void sort_table(int column, bool ascending);
};

} // namespace framescope
