// FunctionKeyTable: FunctionKey -> dense id, as a flat open-addressing hash table.
// Loading a profile looks a key up for every caller edge (a million in a large profile), and
// a node-based std::unordered_map costs two or three cache misses per lookup; here the key
// sits in the probed slot, so a lookup is about one. Linear probing, load factor <= 1/2.
#pragma once

#include <cstdint>
#include <vector>

#include "core/huge_page_allocator.h"
#include "loaders/pstats_profile.h"

namespace framescope {

class FunctionKeyTable {
  public:
    // The id of `key`, or `next_id` (now its id) if it was not there; `inserted` says which.
    uint32_t find_or_insert(const FunctionKey& key, uint32_t next_id, bool& inserted) {
        if ((size_ + 1) * 2 > slots_.size())
            grow();
        size_t mask = slots_.size() - 1;
        for (size_t i = FunctionKeyHash{}(key)&mask;; i = (i + 1) & mask) {
            Slot& slot = slots_[i];
            if (slot.id == kEmpty) {
                slot = {key, next_id};
                ++size_;
                inserted = true;
                return next_id;
            }
            if (slot.key == key) {
                inserted = false;
                return slot.id;
            }
        }
    }

  private:
    static constexpr uint32_t kEmpty = 0xffffffffu;
    struct Slot {
        FunctionKey key;
        uint32_t id = kEmpty;
    };
    HugePageVector<Slot> slots_;
    size_t size_ = 0;

    void grow() {
        HugePageVector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        size_t mask = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.id == kEmpty)
                continue;
            size_t i = FunctionKeyHash{}(slot.key) & mask;
            while (slots_[i].id != kEmpty)
                i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }
};

} // namespace framescope
