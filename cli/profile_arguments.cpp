// load_profile_arguments: files are parsed directly; "@ID" reads a stored profile.

#include "cli/profile_arguments.h"

#include <charconv>
#include <filesystem>

#include "loaders/pstats_loader.h"
#include "model/pstats_combine.h"
#include "store/pstats_store.h"

namespace framescope {
namespace {

// "@12" names stored source 12, unless a file of that name exists.
std::optional<SourceId> stored_id(const std::string& arg) {
    if (arg.size() < 2 || arg[0] != '@' || std::filesystem::exists(arg))
        return std::nullopt;
    SourceId id = 0;
    auto [end, ec] = std::from_chars(arg.data() + 1, arg.data() + arg.size(), id);
    if (ec != std::errc() || end != arg.data() + arg.size())
        return std::nullopt;
    return id;
}

} // namespace

Result<PstatsProfile> load_profile_arguments(const std::vector<std::string>& inputs,
                                             const std::optional<std::string>& db_path) {
    std::optional<Database> db;
    std::vector<PstatsProfile> profiles;
    for (const std::string& input : inputs) {
        Result<PstatsProfile> profile = Error::plain("");
        if (std::optional<SourceId> id = stored_id(input)) {
            if (!db) {
                Result<Database> opened = Database::open(db_path.value_or(default_database_path()));
                if (!opened)
                    return opened.error();
                db = std::move(opened).value();
            }
            profile = load_stored_pstats(*db, *id);
        } else {
            profile = load_pstats_file(input);
        }
        if (!profile)
            return profile.error();
        profiles.push_back(std::move(profile).value());
    }
    return merge_profiles(std::move(profiles));
}

} // namespace framescope
