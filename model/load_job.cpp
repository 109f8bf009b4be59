// load_profiles: read, merge, and build the call tree once.

#include "model/load_job.h"

#include "loaders/pstats_loader.h"
#include "model/pstats_combine.h"

namespace framescope {

Result<std::shared_ptr<LoadedProfile>> load_profiles(const std::vector<std::string>& paths,
                                                     LoadProgress* progress) {
    std::vector<PstatsProfile> profiles;
    for (const std::string& path : paths) {
        Result<PstatsProfile> p = load_pstats_file(path, progress);
        if (!p)
            return p.error();
        profiles.push_back(std::move(p).value());
    }
    Result<PstatsProfile> merged = merge_profiles(std::move(profiles));
    if (!merged)
        return merged.error();
    auto loaded = std::make_shared<LoadedProfile>();
    loaded->paths = paths;
    loaded->profile = std::move(merged).value();
    loaded->tree = CallTree::build(loaded->profile);
    loaded->names = FunctionNames(loaded->profile);
    loaded->callees = callee_lists(loaded->profile);
    loaded->busy = busy_profile(loaded->profile, loaded->tree);
    return loaded;
}

LoadJob::LoadJob(std::vector<std::string> paths)
    : BackgroundJob([paths = std::move(paths)](LoadProgress& progress) {
          return load_profiles(paths, &progress);
      }) {}

} // namespace framescope
