// StringPool: a deque keeps each string at a stable address, so the map keys stay valid.

#include "core/string_pool.h"

namespace framescope {

StringPool::StringPool(const StringPool& other) {
    for (std::string_view text : other.views_)
        intern(text);
}

StringPool& StringPool::operator=(const StringPool& other) {
    if (this != &other) {
        StringPool copy(other);
        *this = std::move(copy);
    }
    return *this;
}

StringId StringPool::intern(std::string_view text) {
    if (auto it = ids_.find(text); it != ids_.end())
        return it->second;
    const std::string& stored = storage_.emplace_back(text);
    auto id = static_cast<StringId>(views_.size());
    views_.push_back(stored);
    ids_.emplace(stored, id);
    return id;
}

} // namespace framescope
