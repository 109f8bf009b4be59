#include "collector/spool_file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace framescope {

Result<SpoolDir> SpoolDir::create(const std::filesystem::path& parent) {
    std::string pattern = (parent / "framescope-spool-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        return Error::plain(parent.string() +
                            ": cannot make a spool folder: " + std::strerror(errno));
    return SpoolDir(pattern);
}

SpoolDir::~SpoolDir() {
    std::error_code ignored;
    if (!path_.empty())
        std::filesystem::remove_all(path_, ignored);
}

Result<SpoolFile> SpoolFile::create(const SpoolDir& dir) {
    std::string pattern = (dir.path() / "upload-XXXXXX").string();
    int fd = ::mkstemp(pattern.data());
    if (fd < 0)
        return Error::plain("cannot make a spool file: " + std::string(std::strerror(errno)));
    return SpoolFile(fd, pattern);
}

SpoolFile::SpoolFile(SpoolFile&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), size_bytes_(other.size_bytes_),
      failure_(std::move(other.failure_)) {
    other.fd_ = -1;
    other.path_.clear();
}

SpoolFile::~SpoolFile() {
    close();
    if (!path_.empty())
        ::unlink(path_.c_str());
}

bool SpoolFile::append(const char* data, size_t size) {
    while (size > 0) {
        ssize_t written = ::write(fd_, data, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            failure_ = written < 0 ? std::strerror(errno) : "nothing was written";
            return false;
        }
        data += written;
        size -= size_t(written);
        size_bytes_ += size_t(written);
    }
    return true;
}

bool SpoolFile::close() {
    if (fd_ < 0)
        return true;
    int result = ::close(fd_);
    fd_ = -1;
    if (result != 0)
        failure_ = std::strerror(errno);
    return result == 0;
}

} // namespace framescope
