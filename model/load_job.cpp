// load_profiles: read, merge, and build the call tree once.

#include "model/load_job.h"

#include "loaders/pstats_loader.h"
#include "model/pstats_combine.h"
#include "model/stored_inputs.h"

namespace framescope {

namespace {

std::shared_ptr<LoadedProfile> loaded(PstatsProfile profile, std::vector<std::string> paths) {
    auto loaded = std::make_shared<LoadedProfile>();
    loaded->paths = std::move(paths);
    loaded->profile = std::move(profile);
    loaded->tree = CallTree::build(loaded->profile);
    loaded->names = FunctionNames(loaded->profile);
    loaded->callees = callee_lists(loaded->profile);
    loaded->busy = busy_profile(loaded->profile, loaded->tree);
    return loaded;
}

} // namespace

Result<std::shared_ptr<LoadedProfile>> load_profiles(const std::vector<std::string>& paths,
                                                     LoadProgress* progress,
                                                     const std::optional<std::string>& db_path) {
    StoreHandle store(db_path);
    std::vector<PstatsProfile> profiles;
    for (const std::string& path : paths) {
        Result<PstatsProfile> p = load_named_profile(path, store, progress);
        if (!p)
            return p.error();
        profiles.push_back(std::move(p).value());
    }
    Result<PstatsProfile> merged = merge_profiles(std::move(profiles));
    if (!merged)
        return merged.error();
    return loaded(std::move(merged).value(), paths);
}

Result<std::shared_ptr<LoadedProfile>> load_profile_bytes(std::string_view bytes,
                                                          const std::string& name) {
    Result<PstatsProfile> profile = load_pstats(
        std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), {name, 0});
    if (!profile)
        return profile.error();
    return loaded(std::move(profile).value(), {name});
}

LoadJob::LoadJob(std::vector<std::string> paths, std::optional<std::string> db_path)
    : BackgroundJob(
          [paths = std::move(paths), db_path = std::move(db_path)](LoadProgress& progress) {
              return load_profiles(paths, &progress, db_path);
          }) {}

} // namespace framescope
