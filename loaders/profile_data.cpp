#include "loaders/profile_data.h"

#include <algorithm>

namespace framescope {

FrameId ProfileData::frame(std::string_view function, std::string_view file, int64_t line) {
    FunctionKey key{line, strings.intern(file), strings.intern(function)};
    auto [found, added] = frame_ids.emplace(key, FrameId(frames.size()));
    if (added)
        frames.push_back({key.name, key.file, line});
    return found->second;
}

void ProfileData::add_stack(const std::vector<FrameId>& outermost_first, double weight,
                            uint32_t thread) {
    if (outermost_first.empty()) {
        frameless_weight += weight;
        return;
    }
    stacks.push_back(
        {uint32_t(stack_frames.size()), uint32_t(outermost_first.size()), thread, weight});
    stack_frames.insert(stack_frames.end(), outermost_first.begin(), outermost_first.end());
}

uint32_t ProfileData::thread(std::string_view name) {
    auto found = std::find(threads.begin(), threads.end(), name);
    if (found != threads.end())
        return uint32_t(found - threads.begin());
    threads.emplace_back(name);
    return uint32_t(threads.size() - 1);
}

} // namespace framescope
