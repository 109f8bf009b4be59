// The store overview's list of sessions: every stored session with its app, version, start,
// length, status, crashes and stalls, filtered by a text box and sorted by any column. Only
// the visible rows are drawn; filtering and sorting happen when the filter or sort changes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/store_overview.h"

namespace framescope {

// "0:07.2": minutes and seconds, as session lengths read.
std::string minutes_seconds(double seconds);

class StoredSessionsTable {
  public:
    // A new overview: every session shown again, under the current filter.
    void show(std::shared_ptr<const StoreOverview> overview);
    // Returns the "@ID" of a session the user double-clicked, or nothing.
    std::optional<std::string> draw();

  private:
    std::shared_ptr<const StoreOverview> overview_;
    std::string filter_;
    std::string applied_filter_ = "\x01"; // forces the first filtering
    std::vector<size_t> shown_;           // filtered and sorted, into overview_->sessions
    bool sort_dirty_ = true;

    void refilter();
};

} // namespace framescope
