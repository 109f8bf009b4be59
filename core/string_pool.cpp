// StringPool: texts are copied into 64 KiB chunks (a longer text gets a chunk of its own), and
// a flat table of (hash, id) finds them again with linear probing.

#include "core/string_pool.h"

#include <cstring>

namespace framescope {
namespace {

constexpr StringId kEmpty = 0xffffffffu;

// Eight bytes at a time (names and messages are long), then a final mix so that the low bits
// used for the slot index are well spread.
uint64_t hash_text(std::string_view text) {
    constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
    uint64_t h = text.size() * kMultiplier;
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        h = (h ^ word) * kMultiplier;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    if (i < text.size()) // an empty view may have no data at all
        std::memcpy(&tail, text.data() + i, text.size() - i);
    h = (h ^ tail) * kMultiplier;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    return h ^ (h >> 32);
}

} // namespace

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

std::string_view StringPool::store(std::string_view text) {
    if (text.empty())
        return std::string_view("", 0); // needs no bytes (there may be no chunk yet); not null
    if (text.size() > kChunkBytes - chunk_used_) {
        size_t size = text.size() > kChunkBytes ? text.size() : kChunkBytes;
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
        chunk_used_ = 0;
    }
    char* at = chunks_.back().get() + chunk_used_;
    std::memcpy(at, text.data(), text.size());
    chunk_used_ += text.size();
    return {at, text.size()};
}

StringId StringPool::intern(std::string_view text) {
    if ((views_.size() + 1) * 2 > slots_.size())
        grow();
    auto hash = uint32_t(hash_text(text));
    size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        Slot& slot = slots_[i];
        if (slot.id == kEmpty) {
            slot = {hash, StringId(views_.size())};
            views_.push_back(store(text));
            return slot.id;
        }
        if (slot.hash == hash && views_[slot.id] == text)
            return slot.id;
    }
}

void StringPool::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 256 : old.size() * 2, Slot{0, kEmpty});
    size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
        if (slot.id == kEmpty)
            continue;
        size_t i = slot.hash & mask;
        while (slots_[i].id != kEmpty)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

} // namespace framescope
