#include "collector/bounded_task_queue.h"

namespace framescope {

BoundedTaskQueue::BoundedTaskQueue(size_t threads, size_t max_waiting) : max_waiting_(max_waiting) {
    for (size_t i = 0; i < threads; ++i)
        threads_.emplace_back([this] { work(); });
}

BoundedTaskQueue::~BoundedTaskQueue() {
    shutdown();
}

void BoundedTaskQueue::enqueue(std::function<void()> task) {
    std::unique_lock lock(mutex_);
    room_free_.wait(lock, [&] { return waiting_.size() < max_waiting_ || stopping_; });
    waiting_.push_back(std::move(task));
    task_ready_.notify_one();
}

void BoundedTaskQueue::shutdown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    task_ready_.notify_all();
    room_free_.notify_all();
    for (std::thread& thread : threads_)
        if (thread.joinable())
            thread.join();
}

void BoundedTaskQueue::work() {
    while (true) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            task_ready_.wait(lock, [&] { return !waiting_.empty() || stopping_; });
            if (waiting_.empty())
                return;
            task = std::move(waiting_.front());
            waiting_.pop_front();
        }
        room_free_.notify_one();
        task();
    }
}

} // namespace framescope
