// Interns strings and hands out compact StringIds: rows store a 32-bit id, not a std::string.
// Lookup by id is O(1); interning is one hash lookup. Ids are dense, starting at 0.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace framescope {

using StringId = uint32_t;

class StringPool {
  public:
    StringPool() = default;
    StringPool(const StringPool& other);
    StringPool& operator=(const StringPool& other);
    StringPool(StringPool&&) = default;
    StringPool& operator=(StringPool&&) = default;

    StringId intern(std::string_view text);
    std::string_view get(StringId id) const { return views_[id]; }
    size_t size() const { return views_.size(); }

  private:
    std::deque<std::string> storage_;   // stable addresses for the views below
    std::vector<std::string_view> views_; // id -> text
    std::unordered_map<std::string_view, StringId> ids_;
};

} // namespace framescope
