// load_profiles: read each input in its format, merge, and build the call tree once.

#include "model/load_job.h"

#include "loaders/profile_formats.h"
#include "model/pstats_combine.h"
#include "model/stack_profile_builder.h"
#include "model/stored_inputs.h"

namespace framescope {

std::shared_ptr<LoadedProfile> profile_of_pstats(PstatsProfile profile,
                                                 std::vector<std::string> paths,
                                                 std::optional<CallTree> tree) {
    auto loaded = std::make_shared<LoadedProfile>();
    loaded->paths = std::move(paths);
    loaded->profile = std::move(profile);
    loaded->callees = CalleeLists(loaded->profile);
    loaded->tree = tree ? std::move(*tree) : CallTree::build(loaded->profile, loaded->callees);
    loaded->names = FunctionNames(loaded->profile);
    loaded->busy = busy_profile(loaded->profile, loaded->tree);
    return loaded;
}

Result<std::shared_ptr<LoadedProfile>> profile_of_inputs(std::vector<AnyProfile> inputs,
                                                         const std::vector<std::string>& paths) {
    std::vector<PstatsProfile> pstats;
    std::vector<std::shared_ptr<const ProfileData>> others;
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (auto* profile = std::get_if<PstatsProfile>(&inputs[i]))
            pstats.push_back(std::move(*profile));
        else
            others.push_back(
                std::make_shared<const ProfileData>(std::move(std::get<ProfileData>(inputs[i]))));
        if (!pstats.empty() && !others.empty())
            return Error::plain(paths[i] + ": a pstats profile and a " +
                                profile_format_name(others.front()->format) +
                                " profile do not combine");
    }
    if (!others.empty())
        return profile_of_data(std::move(others), paths);
    Result<PstatsProfile> merged = merge_profiles(std::move(pstats));
    if (!merged)
        return merged.error();
    return profile_of_pstats(std::move(merged).value(), paths);
}

Result<std::shared_ptr<LoadedProfile>> load_profiles(const std::vector<std::string>& paths,
                                                     LoadProgress* progress,
                                                     const std::optional<std::string>& db_path) {
    StoreHandle store(db_path);
    std::vector<AnyProfile> inputs;
    for (const std::string& path : paths) {
        Result<AnyProfile> p = read_named_profile(path, store, progress);
        if (!p)
            return p.error();
        inputs.push_back(std::move(p).value());
    }
    return profile_of_inputs(std::move(inputs), paths);
}

Result<std::shared_ptr<LoadedProfile>> load_profile_bytes(std::string_view bytes,
                                                          const std::string& name) {
    std::span<const uint8_t> data(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    Result<AnyProfile> profile = read_profile(profile_format_of_bytes(data), data, {name, 0});
    if (!profile)
        return profile.error();
    std::vector<AnyProfile> inputs;
    inputs.push_back(std::move(profile).value());
    return profile_of_inputs(std::move(inputs), {name});
}

LoadJob::LoadJob(std::vector<std::string> paths, std::optional<std::string> db_path)
    : BackgroundJob(
          [paths = std::move(paths), db_path = std::move(db_path)](LoadProgress& progress) {
              return load_profiles(paths, &progress, db_path);
          }) {}

} // namespace framescope
