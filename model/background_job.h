// BackgroundJob<T>: runs one piece of loading work on a worker thread and hands its result to
// the window's thread. The window polls take_result() once a frame and shows progress()
// meanwhile; cancel() (or destroying the job) asks the work to stop. Errors stop at this
// thread edge: a failed load is a Result holding its Error, never an exception.
#pragma once

#include <functional>
#include <mutex>
#include <new>
#include <optional>
#include <thread>
#include <utility>

#include "core/error.h"
#include "core/load_progress.h"

namespace framescope {

template <typename T> class BackgroundJob {
  public:
    using Work = std::function<Result<T>(LoadProgress&)>;

    explicit BackgroundJob(Work work)
        : worker_([this, work = std::move(work)] {
              Result<T> result = Error::plain("not loaded");
              try {
                  result = work(progress_);
              } catch (const std::bad_alloc&) {
                  result = Error::plain("out of memory while loading");
              }
              std::lock_guard lock(mutex_);
              result_ = std::move(result);
          }) {}
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;
    ~BackgroundJob() {
        cancel();
        if (worker_.joinable())
            worker_.join();
    }

    const LoadProgress& progress() const { return progress_; }
    void cancel() { progress_.cancel = true; }
    // The result once the worker is done, exactly once; nullopt while it is still working.
    std::optional<Result<T>> take_result() {
        std::lock_guard lock(mutex_);
        return std::exchange(result_, std::nullopt);
    }

  private:
    LoadProgress progress_;
    std::mutex mutex_;
    std::optional<Result<T>> result_; // guarded by mutex_
    std::jthread worker_;             // last: it starts once everything above exists
};

} // namespace framescope
