// LoadJob: loads profiles on a worker thread (see BackgroundJob); cancel() stops the load
// within a fraction of a second.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/pstats_profile.h"
#include "model/background_job.h"
#include "model/call_tree.h"
#include "model/function_names.h"
#include "model/idle_time.h"

namespace framescope {

// A loaded profile with what the views derive from it once.
struct LoadedProfile {
    std::vector<std::string> paths;
    PstatsProfile profile;
    CallTree tree;
    FunctionNames names;                             // what the views call each function
    std::vector<std::vector<CalleeEdgeRef>> callees; // by caller, pointing into `profile`
    std::optional<BusyProfile> busy; // the profile without its waiting, where something waits
};

// A profile held in memory, such as a report bundle's own profile.pstats; `name` names it.
Result<std::shared_ptr<LoadedProfile>> load_profile_bytes(std::string_view bytes,
                                                          const std::string& name);

class LoadJob : public BackgroundJob<std::shared_ptr<LoadedProfile>> {
  public:
    explicit LoadJob(std::vector<std::string> paths,
                     std::optional<std::string> db_path = std::nullopt);
};

// The same work on the calling thread, for headless use and tests. Each path is a file or
// "@ID", a profile in the database at `db_path` (the default database if none).
Result<std::shared_ptr<LoadedProfile>>
load_profiles(const std::vector<std::string>& paths, LoadProgress* progress = nullptr,
              const std::optional<std::string>& db_path = std::nullopt);

} // namespace framescope
