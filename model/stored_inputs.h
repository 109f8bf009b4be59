// What "@ID" names: a source in the store, opened wherever a file could be (the commands,
// the window, a comparison's sides). The database is opened at the first @ID, so a command
// that names only files never touches it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/profile_formats.h"
#include "loaders/report_bundle.h"
#include "store/database.h"
#include "store/source_rows.h"

namespace framescope {

// "@12" names stored source 12, unless a file of that name exists.
std::optional<SourceId> stored_id(const std::string& name);

// The store @IDs are read from: `path`, or the default database.
class StoreHandle {
  public:
    explicit StoreHandle(std::optional<std::string> path = std::nullopt) : path_(std::move(path)) {}
    Result<Database*> get();

  private:
    std::optional<std::string> path_;
    std::optional<Database> db_;
};

// A profile file of any format, or the stored profile "@ID" names (with all its callers, read
// from the store).
Result<AnyProfile> read_named_profile(const std::string& name, StoreHandle& store,
                                      LoadProgress* progress = nullptr,
                                      CallerEdges callers = CallerEdges::all);

// The stored sessions, in the order named, appended to `into`.
Status load_stored_sessions(StoreHandle& store, std::span<const SourceId> ids,
                            std::vector<ReportBundle>& into);

// Whether the stored source is a profile (else a session); an error when there is none.
Result<bool> is_stored_profile(StoreHandle& store, SourceId id);

} // namespace framescope
