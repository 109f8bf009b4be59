// Where uploads wait while they are read: each body is written to its own file in a spool
// folder, because the sniffer and the importers read files, and because a body on disk costs
// no memory while it waits. Files and the folder are removed when they go out of scope.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "core/error.h"

namespace framescope {

// A fresh folder (mkdtemp) under `parent`, removed with what is left in it.
class SpoolDir {
  public:
    static Result<SpoolDir> create(const std::filesystem::path& parent);
    SpoolDir(SpoolDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
    SpoolDir(const SpoolDir&) = delete;
    ~SpoolDir();
    const std::filesystem::path& path() const { return path_; }

  private:
    explicit SpoolDir(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

// One upload's file (mkstemp), written in pieces as the body arrives.
class SpoolFile {
  public:
    static Result<SpoolFile> create(const SpoolDir& dir);
    SpoolFile(SpoolFile&& other) noexcept;
    SpoolFile(const SpoolFile&) = delete;
    ~SpoolFile();

    bool append(const char* data, size_t size); // false if the disk refused it
    bool close();                               // flushes; false if that failed
    const std::string& path() const { return path_; }
    size_t size_bytes() const { return size_bytes_; }
    // Why append() or close() last failed ("No space left on device"); empty if neither did.
    const std::string& failure() const { return failure_; }

  private:
    SpoolFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::string path_;
    size_t size_bytes_ = 0;
    std::string failure_;
};

} // namespace framescope
