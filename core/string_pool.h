// Interns strings and hands out compact StringIds: rows store a 32-bit id, not a std::string.
// Lookup by id is O(1); interning is one probe of a flat hash table. Texts live in large
// chunks (an arena), so a pool of a million names costs a few allocations, not a million.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
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
    static constexpr size_t kChunkBytes = 1 << 16;
    struct Slot {      // 8 bytes, so that a large table stays in the cache
        uint32_t hash; // the text's hash, its lower half: enough to find the slot
        StringId id;   // kEmpty if unused
    };
    std::vector<std::unique_ptr<char[]>> chunks_; // the texts; never move once written
    size_t chunk_used_ = kChunkBytes;             // bytes used in the last chunk
    std::vector<std::string_view> views_;         // id -> text
    std::vector<Slot> slots_;                     // open addressing, load factor <= 1/2

    std::string_view store(std::string_view text);
    void grow();
};

} // namespace framescope
