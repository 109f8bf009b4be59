// LoadJob: loads profiles on a worker thread (see BackgroundJob); cancel() stops the load
// within a fraction of a second.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/profile_data.h"
#include "loaders/profile_format.h"
#include "loaders/profile_formats.h"
#include "loaders/pstats_profile.h"
#include "model/background_job.h"
#include "model/call_tree.h"
#include "model/function_names.h"
#include "model/idle_time.h"

namespace framescope {

// A loaded profile with what the views derive from it once. Whatever its format, its rows are
// pstats' columns; their weights (the `_s` columns) are in `unit`, the format's own.
struct LoadedProfile {
    std::vector<std::string> paths;
    PstatsProfile profile;
    CallTree tree;
    FunctionNames names;             // what the views call each function
    CalleeLists callees;             // by caller, pointing into `profile`
    std::optional<BusyProfile> busy; // the profile without its waiting, where something waits

    ProfileFormat format = ProfileFormat::pstats;
    std::string unit = std::string(unit::seconds);
    bool exact_paths = false;    // the tree holds the recorded paths, not attributed ones
    double frameless_weight = 0; // recorded on no function: in total() only
    // What the readers of other formats produced (timed calls, line timings), one per input.
    std::vector<std::shared_ptr<const ProfileData>> data;

    double total() const { return profile.total_self_s + frameless_weight; }
};

// The views' profile of pstats rows: the tree attributed from its caller edges, unless
// `tree` gives the exact one.
std::shared_ptr<LoadedProfile> profile_of_pstats(PstatsProfile profile,
                                                 std::vector<std::string> paths,
                                                 std::optional<CallTree> tree = std::nullopt);

// The inputs as read (pstats, or one other kind), as one profile; `paths` names them.
Result<std::shared_ptr<LoadedProfile>> profile_of_inputs(std::vector<AnyProfile> inputs,
                                                         const std::vector<std::string>& paths);

// A profile held in memory, in any format, such as a report bundle's own profile.pstats;
// `name` names it.
Result<std::shared_ptr<LoadedProfile>> load_profile_bytes(std::string_view bytes,
                                                          const std::string& name);

class LoadJob : public BackgroundJob<std::shared_ptr<LoadedProfile>> {
  public:
    explicit LoadJob(std::vector<std::string> paths,
                     std::optional<std::string> db_path = std::nullopt);
};

// The same work on the calling thread, for headless use and tests. Each path is a file of any
// profile format or "@ID", a profile in the database at `db_path` (the default database if
// none). Several pstats profiles merge as pstats.Stats does; several of another format add
// their paths together; the two do not mix.
Result<std::shared_ptr<LoadedProfile>>
load_profiles(const std::vector<std::string>& paths, LoadProgress* progress = nullptr,
              const std::optional<std::string>& db_path = std::nullopt);

} // namespace framescope
