#include "model/diff_load_job.h"

namespace framescope {

Result<std::shared_ptr<LoadedDiff>> load_diff(const std::vector<std::string>& a_paths,
                                              const std::vector<std::string>& b_paths,
                                              LoadProgress* progress) {
    auto a = load_profiles(a_paths, progress);
    if (!a)
        return a.error();
    auto b = load_profiles(b_paths, progress);
    if (!b)
        return b.error();
    return std::make_shared<LoadedDiff>(LoadedDiff{std::move(*a), std::move(*b)});
}

DiffLoadJob::DiffLoadJob(std::vector<std::string> a_paths, std::vector<std::string> b_paths)
    : BackgroundJob(
          [a_paths = std::move(a_paths), b_paths = std::move(b_paths)](LoadProgress& progress) {
              return load_diff(a_paths, b_paths, &progress);
          }) {}

} // namespace framescope
