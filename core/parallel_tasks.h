// Tasks 0..n-1 run on up to `threads` threads, the caller's one of them, each thread taking
// the next task not yet taken: a thread that starts late or runs slow (the machine busy) takes
// fewer, instead of holding up the rest. An exception a task throws is rethrown to the caller
// once every thread has stopped (the first task's, where several throw).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace framescope {

inline size_t core_count() {
    return std::max(1u, std::thread::hardware_concurrency());
}

template <typename Task> void run_parallel_tasks(size_t tasks, size_t threads, Task&& task) {
    std::atomic<size_t> next = 0;
    std::vector<std::exception_ptr> failed(tasks);
    auto work = [&] {
        for (size_t i; (i = next++) < tasks;) {
            try {
                task(i);
            } catch (...) {
                failed[i] = std::current_exception();
            }
        }
    };
    {
        std::vector<std::jthread> helpers;
        for (size_t thread = 1; thread < std::min(threads, tasks); ++thread)
            helpers.emplace_back(work);
        work();
    }
    for (const std::exception_ptr& failure : failed)
        if (failure)
            std::rethrow_exception(failure);
}

} // namespace framescope
