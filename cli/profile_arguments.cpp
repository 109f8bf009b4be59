// load_profile_arguments: files are parsed directly; "@ID" reads a stored profile.

#include "cli/profile_arguments.h"

#include "model/pstats_combine.h"
#include "model/stored_inputs.h"

namespace framescope {

Result<PstatsProfile> load_profile_arguments(const std::vector<std::string>& inputs,
                                             const std::optional<std::string>& db_path,
                                             CallerEdges callers) {
    StoreHandle store(db_path);
    std::vector<PstatsProfile> profiles;
    for (const std::string& input : inputs) {
        Result<PstatsProfile> profile = load_named_profile(input, store, nullptr, callers);
        if (!profile)
            return profile.error();
        profiles.push_back(std::move(profile).value());
    }
    return merge_profiles(std::move(profiles));
}

} // namespace framescope
