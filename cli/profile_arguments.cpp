// load_profile_arguments: files of any format are parsed directly; "@ID" reads a stored
// profile.

#include "cli/profile_arguments.h"

#include "model/load_job.h"
#include "model/pstats_combine.h"
#include "model/stored_inputs.h"

namespace framescope {

Result<ProfileArguments> load_profile_arguments(const std::vector<std::string>& inputs,
                                                const std::optional<std::string>& db_path,
                                                CallerEdges callers) {
    StoreHandle store(db_path);
    std::vector<AnyProfile> read;
    bool all_pstats = true;
    for (const std::string& input : inputs) {
        Result<AnyProfile> profile = read_named_profile(input, store, nullptr, callers);
        if (!profile)
            return profile.error();
        all_pstats = all_pstats && std::holds_alternative<PstatsProfile>(*profile);
        read.push_back(std::move(profile).value());
    }
    if (!all_pstats) { // other formats' rows come from their paths
        Result<std::shared_ptr<LoadedProfile>> loaded = profile_of_inputs(std::move(read), inputs);
        if (!loaded)
            return loaded.error();
        return ProfileArguments{std::move((*loaded)->profile), (*loaded)->unit};
    }
    std::vector<PstatsProfile> profiles;
    for (AnyProfile& profile : read)
        profiles.push_back(std::move(std::get<PstatsProfile>(profile)));
    Result<PstatsProfile> merged = merge_profiles(std::move(profiles));
    if (!merged)
        return merged.error();
    return ProfileArguments{std::move(*merged), std::string(unit::seconds)};
}

} // namespace framescope
