// The collector's connection pool: httplib hands each accepted connection to it. A fixed
// number of threads serve connections and at most as many more wait; past that, enqueue
// blocks the accept loop, so further clients wait in the kernel's backlog instead of in our
// memory. (httplib's own ThreadPool queues without limit.)
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace framescope {

class BoundedTaskQueue : public httplib::TaskQueue {
  public:
    BoundedTaskQueue(size_t threads, size_t max_waiting);
    ~BoundedTaskQueue() override;

    void enqueue(std::function<void()> task) override;
    // Runs what was already accepted, then joins the threads.
    void shutdown() override;

  private:
    void work();

    size_t max_waiting_;
    std::deque<std::function<void()>> waiting_;
    bool stopping_ = false;
    std::mutex mutex_;
    std::condition_variable task_ready_, room_free_;
    std::vector<std::thread> threads_;
};

} // namespace framescope
