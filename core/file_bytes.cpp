// read_file_bytes: mmap for regular files, read ahead as one sequential stream, and a read
// loop for anything else (pipes, /proc). Errors carry strerror and the path.

#include "core/file_bytes.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace framescope {
namespace {

struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
};

} // namespace

FileBytes::FileBytes(FileBytes&& other) noexcept {
    *this = std::move(other);
}

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
    if (this != &other) {
        this->~FileBytes();
        path_ = std::move(other.path_);
        mtime_s_ = other.mtime_s_;
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        mapped_ = other.mapped_;
    }
    return *this;
}

FileBytes::~FileBytes() {
    if (mapped_ && data_)
        ::munmap(const_cast<uint8_t*>(data_), size_);
    else
        std::free(const_cast<uint8_t*>(data_));
    data_ = nullptr;
}

void FileBytes::release_before(size_t offset) const {
    if (!mapped_)
        return;
    size_t page = size_t(::sysconf(_SC_PAGESIZE));
    size_t bytes = std::min(offset, size_) / page * page;
    if (bytes > 0) // the mapping is read-only: its pages are never private copies
        ::madvise(const_cast<uint8_t*>(data_), bytes, MADV_DONTNEED);
}

void FileBytes::populate(size_t begin, size_t end) const {
    if (!mapped_)
        return;
    size_t page = size_t(::sysconf(_SC_PAGESIZE));
    begin = begin / page * page;
    end = std::min(end, size_);
    if (begin < end) // advice only: a kernel without MADV_POPULATE_READ faults them in later
        ::madvise(const_cast<uint8_t*>(data_) + begin, end - begin, MADV_POPULATE_READ);
}

Result<FileBytes> read_file_bytes(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return Error{std::strerror(errno), path};
    FdCloser closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0)
        return Error{std::strerror(errno), path};
    if (S_ISDIR(info.st_mode))
        return Error{"is a directory", path};

    FileBytes file;
    file.path_ = path;
    file.mtime_s_ = info.st_mtime;
    if (S_ISREG(info.st_mode) && info.st_size > 0) {
        void* map = ::mmap(nullptr, size_t(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED) {
            ::madvise(map, size_t(info.st_size), MADV_SEQUENTIAL); // read ahead, map many at once
            file.data_ = static_cast<const uint8_t*>(map);
            file.size_ = size_t(info.st_size);
            file.mapped_ = true;
            return file;
        }
    }
    // Not mappable: read until EOF, growing the buffer.
    size_t capacity = 0;
    uint8_t* buffer = nullptr;
    while (true) {
        if (file.size_ == capacity) {
            capacity = capacity * 2 + 65536;
            auto* grown = static_cast<uint8_t*>(std::realloc(buffer, capacity));
            if (!grown) {
                std::free(buffer);
                return Error{"out of memory", path};
            }
            buffer = grown;
        }
        ssize_t n = ::read(fd, buffer + file.size_, capacity - file.size_);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            std::free(buffer);
            return Error{std::strerror(errno), path};
        }
        if (n == 0)
            break;
        file.size_ += size_t(n);
    }
    file.data_ = buffer;
    return file;
}

} // namespace framescope
