// LoadJob: loads profiles on a worker thread and hands the result to the window's thread.
// The window polls take_result() once a frame and shows progress() meanwhile; cancel() (or
// destroying the job) stops the load within a fraction of a second. Errors stop at this
// thread edge: a failed load is a Result holding its Error, never an exception.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/pstats_profile.h"
#include "model/call_tree.h"

namespace framescope {

// A loaded profile with what the views derive from it once.
struct LoadedProfile {
    std::vector<std::string> paths;
    PstatsProfile profile;
    CallTree tree;
};

class LoadJob {
  public:
    explicit LoadJob(std::vector<std::string> paths);
    ~LoadJob(); // cancels and joins

    const LoadProgress& progress() const { return progress_; }
    void cancel() { progress_.cancel = true; }
    // The result once the worker is done, exactly once; nullopt while it is still working.
    std::optional<Result<std::shared_ptr<LoadedProfile>>> take_result();

  private:
    LoadProgress progress_;
    std::mutex mutex_;
    std::optional<Result<std::shared_ptr<LoadedProfile>>> result_; // guarded by mutex_
    std::jthread worker_;
};

// The same work on the calling thread, for headless use and tests.
Result<std::shared_ptr<LoadedProfile>> load_profiles(const std::vector<std::string>& paths,
                                                     LoadProgress* progress = nullptr);

} // namespace framescope
