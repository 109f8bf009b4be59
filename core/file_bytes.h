// Reads a whole file into memory, with its modification time: every loader starts here.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "core/error.h"

namespace framescope {

struct FileBytes {
    std::string path;              // as given by the user
    std::unique_ptr<uint8_t[]> data; // uninitialised on allocation: files can be large
    size_t size = 0;
    int64_t mtime_s = 0; // modification time, seconds since the epoch

    std::span<const uint8_t> bytes() const { return {data.get(), size}; }
};

Result<FileBytes> read_file_bytes(const std::string& path);

} // namespace framescope
