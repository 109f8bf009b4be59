// read_file_bytes: one fstat and a read loop; errors carry strerror and the path.

#include "core/file_bytes.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace framescope {
namespace {

struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
};

} // namespace

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
    file.path = path;
    file.mtime_s = info.st_mtime;
    // One spare byte lets the read loop see EOF without growing when st_size is exact; reading
    // until EOF rather than trusting st_size copes with files that change or lie (/proc).
    size_t capacity = (info.st_size > 0 ? size_t(info.st_size) : 0) + 1;
    file.data = std::make_unique_for_overwrite<uint8_t[]>(capacity);
    while (true) {
        if (file.size == capacity) {
            size_t grown = capacity * 2 + 4096;
            auto bigger = std::make_unique_for_overwrite<uint8_t[]>(grown);
            std::memcpy(bigger.get(), file.data.get(), file.size);
            file.data = std::move(bigger);
            capacity = grown;
        }
        ssize_t n = ::read(fd, file.data.get() + file.size, capacity - file.size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return Error{std::strerror(errno), path};
        }
        if (n == 0)
            break;
        file.size += size_t(n);
    }
    return file;
}

} // namespace framescope
