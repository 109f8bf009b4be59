#include "model/diff_load_job.h"

namespace framescope {

Result<std::shared_ptr<LoadedDiff>> load_diff(const std::vector<std::string>& a_paths,
                                              const std::vector<std::string>& b_paths,
                                              LoadProgress* progress,
                                              const std::optional<std::string>& db_path) {
    auto a = load_profiles(a_paths, progress, db_path);
    if (!a)
        return a.error();
    auto b = load_profiles(b_paths, progress, db_path);
    if (!b)
        return b.error();
    return std::make_shared<LoadedDiff>(LoadedDiff{std::move(*a), std::move(*b)});
}

DiffLoadJob::DiffLoadJob(std::vector<std::string> a_paths, std::vector<std::string> b_paths,
                         std::optional<std::string> db_path)
    : BackgroundJob([a_paths = std::move(a_paths), b_paths = std::move(b_paths),
                     db_path = std::move(db_path)](LoadProgress& progress) {
          return load_diff(a_paths, b_paths, &progress, db_path);
      }) {}

} // namespace framescope
