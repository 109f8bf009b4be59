// Reads a whole file into memory, with its modification time: every loader starts here.
// Regular files are mapped rather than copied: the page cache's copy is read in place, and a
// reader that goes through the file once can let go of what it has passed.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/error.h"

namespace framescope {

class FileBytes {
  public:
    FileBytes() = default;
    FileBytes(FileBytes&& other) noexcept;
    FileBytes& operator=(FileBytes&& other) noexcept;
    FileBytes(const FileBytes&) = delete;
    FileBytes& operator=(const FileBytes&) = delete;
    ~FileBytes();

    std::span<const uint8_t> bytes() const { return {data_, size_}; }
    const std::string& path() const { return path_; } // as given by the user
    int64_t mtime_s() const { return mtime_s_; }      // seconds since the epoch
    // The pages before `offset` leave this process's memory; reading them again maps them
    // back from the page cache. Nothing for a file that was read into a buffer.
    void release_before(size_t offset) const;
    // The same up to `at`, a place in bytes() (a reader's text may be a part of them).
    void release_before(const char* at) const {
        release_before(size_t(reinterpret_cast<const uint8_t*>(at) - data_));
    }
    // Maps the pages of [begin, end) in one call, where touching them one by one would take
    // a page fault each (costly on virtual machines). Nothing for a file read into a buffer.
    void populate(size_t begin, size_t end) const;

  private:
    friend Result<FileBytes> read_file_bytes(const std::string& path);
    std::string path_;
    int64_t mtime_s_ = 0;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
    bool mapped_ = false; // data_ is a mapping to unmap, else a heap buffer to free
};

Result<FileBytes> read_file_bytes(const std::string& path);

} // namespace framescope
