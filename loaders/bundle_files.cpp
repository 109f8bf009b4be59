#include "loaders/bundle_files.h"

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <memory>

#include "core/file_bytes.h"

namespace framescope {
namespace {

Result<BundleFiles> read_folder(const std::string& path, const BundleLimits& limits) {
    BundleFiles files{path, {}};
    std::error_code error;
    uint64_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
        if (!entry.is_regular_file(error))
            continue;
        auto bytes = read_file_bytes(entry.path().string());
        if (!bytes)
            return bytes.error();
        bytes->populate(0, bytes->bytes().size()); // every member is read whole
        total += bytes->bytes().size();
        if (total > limits.max_total_bytes)
            return Error::plain(path + ": bundle is larger than " +
                                std::to_string(limits.max_total_bytes >> 20) + " MiB");
        files.members.emplace(entry.path().filename().string(), BundleMember(std::move(*bytes)));
    }
    if (error)
        return Error::plain(path + ": " + error.message());
    return files;
}

// The member's name inside the bundle: "bundle/frames.jsonl" and "frames.jsonl" are both
// "frames.jsonl"; anything deeper is not part of the format and is left out.
std::string member_name(std::string_view entry_path) {
    if (entry_path.starts_with("./"))
        entry_path.remove_prefix(2);
    size_t slash = entry_path.find('/');
    if (slash != std::string_view::npos) {
        entry_path.remove_prefix(slash + 1);
        if (entry_path.find('/') != std::string_view::npos)
            return {};
    }
    return std::string(entry_path);
}

// "../x", "/x", "a/../../x": a packing that reaches outside its folder was not made by the
// recorder, and is refused whole.
bool escapes_bundle(std::string_view entry_path) {
    if (entry_path.starts_with('/'))
        return true;
    while (!entry_path.empty()) {
        size_t slash = entry_path.find('/');
        if (entry_path.substr(0, slash) == "..")
            return true;
        if (slash == std::string_view::npos)
            break;
        entry_path.remove_prefix(slash + 1);
    }
    return false;
}

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

// A reader for the packings a bundle travels in: zip, and tar with or without gzip.
ArchivePtr bundle_archive_reader() {
    ArchivePtr reader(archive_read_new(), archive_read_free);
    archive_read_support_format_zip(reader.get());
    archive_read_support_format_tar(reader.get());
    archive_read_support_filter_gzip(reader.get());
    return reader;
}

Result<BundleFiles> read_archive(const std::string& path, const BundleLimits& limits) {
    ArchivePtr reader = bundle_archive_reader();
    auto failure = [&](const std::string& what) {
        const char* detail = archive_error_string(reader.get());
        return Error::at_offset(path, static_cast<uint64_t>(archive_filter_bytes(reader.get(), -1)),
                                what + (detail ? std::string(": ") + detail : std::string()));
    };
    if (archive_read_open_filename(reader.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
        return failure("cannot open as a .zip or .tar.gz bundle");

    BundleFiles files{path, {}};
    uint64_t total = 0;
    archive_entry* entry = nullptr;
    for (size_t entries = 0;; ++entries) {
        int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
            return failure("damaged archive");
        if (entries == limits.max_entries)
            return failure("more than " + std::to_string(limits.max_entries) + " entries");
        const char* entry_path = archive_entry_pathname(entry);
        if (entry_path && escapes_bundle(entry_path))
            return failure(std::string("member path leaves the bundle: ") + entry_path);
        std::string name = entry_path ? member_name(entry_path) : std::string();
        if (archive_entry_filetype(entry) != AE_IFREG || name.empty())
            continue;
        std::string content;
        char buffer[1 << 16];
        while (true) {
            la_ssize_t got = archive_read_data(reader.get(), buffer, sizeof buffer);
            if (got < 0)
                return failure("damaged archive member " + name);
            if (got == 0)
                break;
            total += static_cast<uint64_t>(got);
            if (content.size() + static_cast<size_t>(got) > limits.max_member_bytes ||
                total > limits.max_total_bytes)
                return failure("member " + name + " unpacks to more than the bundle limit");
            content.append(buffer, static_cast<size_t>(got));
        }
        files.members[name] = std::move(content);
    }
    if (files.members.empty())
        return Error::plain(path + ": the archive holds no bundle files");
    return files;
}

} // namespace

std::optional<std::string_view> BundleFiles::find(std::string_view name) const {
    auto found = members.find(std::string(name));
    if (found == members.end())
        return std::nullopt;
    return found->second.text();
}

bool archive_holds_session(const std::string& path, size_t max_entries) {
    ArchivePtr reader = bundle_archive_reader();
    if (archive_read_open_filename(reader.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
        return false;
    archive_entry* entry = nullptr;
    for (size_t seen = 0; seen < max_entries; ++seen) {
        int status = archive_read_next_header(reader.get(), &entry);
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
            return false;
        const char* name = archive_entry_pathname(entry);
        if (archive_entry_filetype(entry) == AE_IFREG && name &&
            member_name(name) == "session.json")
            return true;
    }
    return false;
}

Result<BundleFiles> read_bundle_files(const std::string& path, const BundleLimits& limits) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        return read_folder(path, limits);
    return read_archive(path, limits);
}

} // namespace framescope
