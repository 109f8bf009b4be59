// LoadJob: one worker thread per load; the result crosses to the window under a mutex.

#include "model/load_job.h"

#include <new>

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
    return loaded;
}

LoadJob::LoadJob(std::vector<std::string> paths)
    : worker_([this, paths = std::move(paths)] {
          Result<std::shared_ptr<LoadedProfile>> result = Error::plain("not loaded");
          try {
              result = load_profiles(paths, &progress_);
          } catch (const std::bad_alloc&) {
              result = Error::plain("out of memory while loading");
          }
          std::lock_guard lock(mutex_);
          result_ = std::move(result);
      }) {}

LoadJob::~LoadJob() {
    cancel();
    if (worker_.joinable())
        worker_.join();
}

std::optional<Result<std::shared_ptr<LoadedProfile>>> LoadJob::take_result() {
    std::lock_guard lock(mutex_);
    return std::exchange(result_, std::nullopt);
}

} // namespace framescope
