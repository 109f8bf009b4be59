// The two sides of a comparison, loaded off the window's thread: profile A (before) and B
// (after), each possibly several files merged as `stats` merges them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/background_job.h"
#include "model/load_job.h"

namespace framescope {

struct LoadedDiff {
    std::shared_ptr<LoadedProfile> a, b;
};

// Paths are files or "@ID"s of the database at `db_path` (see load_profiles).
Result<std::shared_ptr<LoadedDiff>>
load_diff(const std::vector<std::string>& a_paths, const std::vector<std::string>& b_paths,
          LoadProgress* progress = nullptr,
          const std::optional<std::string>& db_path = std::nullopt);

class DiffLoadJob : public BackgroundJob<std::shared_ptr<LoadedDiff>> {
  public:
    DiffLoadJob(std::vector<std::string> a_paths, std::vector<std::string> b_paths,
                std::optional<std::string> db_path = std::nullopt);
};

} // namespace framescope
