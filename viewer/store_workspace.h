// The window's view of the store (framescope --db PATH): release health per application
// version, the top crash buckets and stall groups across every stored session, and the
// stored sessions and profiles, filtered and sorted. Double-clicking a row opens what it
// names; files dropped on the window are imported into this store. The overview and the
// imports are read and written off the window's thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/background_job.h"
#include "model/store_import.h"
#include "model/store_overview.h"
#include "viewer/views/stored_sessions_table.h"

namespace framescope {

class StoreWorkspace {
  public:
    void open(std::string db_path);
    bool has_store() const { return !db_path_.empty(); }
    const std::string& db_path() const { return db_path_; }
    bool working() const { return overview_job_ || import_job_; }
    float progress() const;
    // Imports the files into the store, then reads the overview again.
    void import(std::vector<std::string> paths);
    // Takes what the store's jobs finished; once a frame, whatever is in front.
    void poll();

    // Draws the overview below the window's toolbar. Returns what the user asked to open,
    // as "@ID" names (sessions, or one profile), or nothing.
    std::vector<std::string> draw();
    // What the last import or load said, once.
    std::string take_note() { return std::exchange(note_, {}); }

  private:
    std::string db_path_;
    std::unique_ptr<StoreOverviewJob> overview_job_;
    std::unique_ptr<BackgroundJob<ImportReport>> import_job_;
    std::shared_ptr<StoreOverview> overview_;
    std::string error_;
    std::string note_;
    StoredSessionsTable sessions_;
    size_t selected_bucket_ = SIZE_MAX;

    void draw_health();
    std::vector<std::string> draw_buckets();
    std::vector<std::string> draw_stall_groups();
    std::vector<std::string> draw_profiles();
    std::vector<std::string> names_of(const std::vector<size_t>& sessions) const;
};

} // namespace framescope
