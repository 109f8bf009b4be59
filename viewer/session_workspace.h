// The window's view of report sessions: the selected session's timeline against its frame
// budget (adjustable), then on the left the stall groups of all sessions, the frame-time
// histogram with the worst frames, the crashes and the log; on the right what the main
// thread (or every thread) was doing in the selected frames, as the profile views show a
// profile, with a selected function's source and its sampled line marked, and the frame
// budget ledger of a selected range. It opens on the worst frame; N and P (or the arrow
// keys) step between slow frames. Crash reports alone (no frames, no samples) open as the
// crash page: the buckets and the selected one, whole.
#pragma once

#include <memory>
#include <string>

#include "model/report_inputs.h"
#include "store/database.h"
#include "viewer/viewer_state.h"
#include "viewer/views/call_tree_view.h"
#include "viewer/views/crash_buckets_view.h"
#include "viewer/views/details_view.h"
#include "viewer/views/flame_graph_view.h"
#include "viewer/views/frame_histogram_view.h"
#include "viewer/views/frame_ledger_view.h"
#include "viewer/views/function_table_view.h"
#include "viewer/views/stall_groups_view.h"
#include "viewer/views/timeline_view.h"

namespace framescope {

class SessionWorkspace {
  public:
    Status init();
    // The store whose bucket edits the crash page reads and writes (the default database
    // unless told); taken by the sessions shown next.
    void use_store(std::string db_path) { store_path_ = std::move(db_path); }
    void show(std::shared_ptr<LoadedSessions> loaded);
    bool has_sessions() const { return loaded_ != nullptr; }
    // Draws everything below the window's toolbar; returns what an export did, if anything.
    std::string draw();

  private:
    std::shared_ptr<LoadedSessions> loaded_;
    std::string store_path_ = default_database_path();
    bool crashes_only_ = false; // no session has frames or samples: the crash page alone
    size_t session_ = 0;
    double budget_ms_ = 0;
    FrameSelection selection_;
    bool all_threads_ = false;
    bool pick_tab_ = false;        // choose the left tab on the next draw
    bool showing_crashes_ = false; // the Crashes tab is in front: its report goes on the right
    bool pick_ledger_ = false;     // a range was just selected: bring its ledger to the front
    TimelineView timeline_;
    FrameHistogramView histogram_;
    StallGroupsView stall_groups_;
    CrashBucketsView crash_buckets_;
    // The drill-in: the selection's samples as a profile, in the profile views; in a trace,
    // every call the selected frames made.
    ViewerState drill_;
    FrameSelection drilled_;
    size_t drilled_session_ = SIZE_MAX;
    bool drilled_all_threads_ = false;
    FunctionTableView table_;
    CallTreeView tree_;
    FlameGraphView flame_;
    DetailsView details_;
    FrameLedgerView ledger_;

    const ReportBundle& session() const { return loaded_->inputs.sessions[session_]; }
    void select_session(size_t index);
    void handle_keys();
    std::string draw_toolbar();
    void draw_left_tabs();
    void draw_drill_in();
    void update_drill_in();
    void draw_crash_page();
};

} // namespace framescope
