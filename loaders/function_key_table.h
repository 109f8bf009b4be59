// FunctionKeyTable: FunctionKey -> dense id, the keys kept in order of first insertion with a
// flat open-addressing hash table over them. Loading a profile looks up every key it decodes
// (hundreds of thousands in a large profile): a node-based std::unordered_map costs two or
// three cache misses per lookup. A slot here is 8 bytes, the id and the top of the key's hash,
// so the table stays small enough for the cache and the key itself is only read on a hash
// match. Linear probing, load factor <= 1/2.
#pragma once

#include <cstdint>
#include <vector>

#include "core/huge_page_allocator.h"
#include "loaders/pstats_profile.h"

namespace framescope {

class FunctionKeyTable {
  public:
    // The id of `key`: its index in keys(), where it is appended if new (`inserted` says so).
    uint32_t find_or_insert(const FunctionKey& key, bool& inserted) {
        if ((keys_.size() + 1) * 2 > slots_.size())
            grow();
        uint64_t hash = FunctionKeyHash{}(key);
        uint32_t tag = uint32_t(hash >> 32);
        size_t mask = slots_.size() - 1;
        for (size_t i = hash & mask;; i = (i + 1) & mask) {
            Slot& slot = slots_[i];
            if (slot.id == kEmpty) {
                slot = {uint32_t(keys_.size()), tag};
                keys_.push_back(key);
                inserted = true;
                return slot.id;
            }
            if (slot.tag == tag && keys_[slot.id] == key) {
                inserted = false;
                return slot.id;
            }
        }
    }
    const std::vector<FunctionKey>& keys() const { return keys_; } // by id

  private:
    static constexpr uint32_t kEmpty = 0xffffffffu;
    struct Slot {
        uint32_t id = kEmpty;
        uint32_t tag = 0; // the hash's upper half
    };
    std::vector<FunctionKey> keys_;
    HugePageVector<Slot> slots_;

    // Twice the slots, filled again from the keys in id order: one pass, reading them in turn.
    void grow() {
        slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, Slot{});
        size_t mask = slots_.size() - 1;
        for (uint32_t id = 0; id < keys_.size(); ++id) {
            uint64_t hash = FunctionKeyHash{}(keys_[id]);
            size_t i = hash & mask;
            while (slots_[i].id != kEmpty)
                i = (i + 1) & mask;
            slots_[i] = {id, uint32_t(hash >> 32)};
        }
    }
};

} // namespace framescope
