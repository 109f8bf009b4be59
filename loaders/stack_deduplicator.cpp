#include "loaders/stack_deduplicator.h"

#include <algorithm>

namespace framescope {
namespace {

uint64_t hash_frames(const StackFrame* frames, uint32_t count) {
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < count; ++i)
        for (uint64_t part :
             {uint64_t(frames[i].file), uint64_t(frames[i].line), uint64_t(frames[i].function)})
            h = (h ^ part) * 1099511628211ull;
    return h;
}

bool same_frames(const StackFrame* a, const StackFrame* b, uint32_t count) {
    return std::equal(a, a + count, b, [](const StackFrame& x, const StackFrame& y) {
        return x.file == y.file && x.line == y.line && x.function == y.function;
    });
}

} // namespace

uint32_t StackDeduplicator::settle(uint32_t first) {
    std::vector<StackFrame>& frames = bundle_.stack_frames;
    uint32_t count = uint32_t(frames.size()) - first;
    uint64_t hash = hash_frames(frames.data() + first, count);
    auto [begin, end] = seen_.equal_range(hash);
    for (auto it = begin; it != end; ++it) {
        auto [earlier, earlier_count] = it->second;
        if (earlier_count == count &&
            same_frames(frames.data() + earlier, frames.data() + first, count)) {
            frames.resize(first);
            return earlier;
        }
    }
    seen_.emplace(hash, std::pair{first, count});
    return first;
}

} // namespace framescope
