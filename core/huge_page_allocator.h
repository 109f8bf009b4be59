// An allocator for the few arrays that grow to tens of megabytes while a profile loads
// (caller edges, the key table, the reference table). It asks the kernel for transparent huge
// pages on them: touching fresh memory one 4 KiB page at a time costs a page fault each, which
// measured as half of the load time of a 42 MB profile; 2 MiB pages make that 512 times fewer.
// Small arrays are left to malloc as usual.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <sys/mman.h>
#include <vector>

namespace framescope {

template <typename T> struct HugePageAllocator {
    using value_type = T;
    static constexpr size_t kHugePage = size_t(2) << 20;

    HugePageAllocator() = default;
    template <typename U> HugePageAllocator(const HugePageAllocator<U>&) {}

    T* allocate(size_t n) {
        size_t bytes = n * sizeof(T);
        if (bytes < kHugePage) {
            if (void* p = std::malloc(bytes))
                return static_cast<T*>(p);
            throw std::bad_alloc();
        }
        bytes = (bytes + kHugePage - 1) / kHugePage * kHugePage;
        void* p = std::aligned_alloc(kHugePage, bytes);
        if (!p)
            throw std::bad_alloc();
        ::madvise(p, bytes, MADV_HUGEPAGE); // advice only: without it, plain pages
        return static_cast<T*>(p);
    }
    void deallocate(T* p, size_t) { std::free(p); }

    template <typename U> bool operator==(const HugePageAllocator<U>&) const { return true; }
};

template <typename T> using HugePageVector = std::vector<T, HugePageAllocator<T>>;

} // namespace framescope
