// framescope serve when its disk fills up while uploads arrive, made for real two ways: the
// store and the spool on a small tmpfs that is filled up (where the tests may mount one: root
// with mount rights), and a file-size limit (RLIMIT_FSIZE) set on the collector, whose writes
// then fail with EFBIG the same way (anywhere). Uploads the disk refuses are answered 503 with
// one line and store nothing, health says the store is failing, the collector keeps serving;
// once there is room again the uploaders' retries are each stored once, nothing is half
// stored, and the store passes SQLite's integrity check.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "store/database.h"
#include "tests/collector/load_scenarios.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

enum class DiskLimit { small_filesystem, file_size_limit };

// The folder the store and the spool live in, and the disk under it filled and freed.
class FullDisk {
  public:
    FullDisk(DiskLimit limit, std::filesystem::path folder)
        : limit_(limit), folder_(std::move(folder)) {
        std::filesystem::create_directories(folder_);
        if (limit_ == DiskLimit::file_size_limit)
            return;
        if (::mount("framescope-test", folder_.c_str(), "tmpfs", 0, "size=16m") == 0)
            mounted_ = true;
        else
            refusal_ = std::string("cannot mount a tmpfs: ") + std::strerror(errno);
    }
    ~FullDisk() {
        if (mounted_)
            ::umount2(folder_.c_str(), MNT_DETACH);
    }
    FullDisk(const FullDisk&) = delete;
    FullDisk& operator=(const FullDisk&) = delete;

    bool ready() const { return limit_ == DiskLimit::file_size_limit || mounted_; }
    const std::string& refusal() const { return refusal_; }
    const std::filesystem::path& folder() const { return folder_; }
    std::string way() const {
        return limit_ == DiskLimit::small_filesystem
                   ? "a 16 MiB tmpfs filled up to its last pages"
                   : "RLIMIT_FSIZE on the collector at its largest store file's size";
    }

    // Leaves `room_bytes` free on the tmpfs (a filler takes the rest), or limits the
    // collector's files to the size of its largest one now.
    void fill(int collector_pid, uint64_t room_bytes) {
        if (limit_ == DiskLimit::file_size_limit) {
            uint64_t largest = 0;
            for (const auto& entry : std::filesystem::directory_iterator(folder_))
                if (entry.is_regular_file())
                    largest = std::max<uint64_t>(largest, entry.file_size());
            rlimit limit{largest, RLIM_INFINITY};
            REQUIRE(::prlimit(collector_pid, RLIMIT_FSIZE, &limit, nullptr) == 0);
            return;
        }
        int fd = ::open((folder_ / "filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        REQUIRE(fd >= 0);
        std::string block(1 << 16, 'f');
        uint64_t written = 0;
        for (ssize_t n; (n = ::write(fd, block.data(), block.size())) > 0;)
            written += uint64_t(n);
        CHECK(errno == ENOSPC);
        REQUIRE(written > room_bytes);
        REQUIRE(::ftruncate(fd, off_t(written - room_bytes)) == 0);
        ::close(fd);
    }

    void free(int collector_pid) {
        if (limit_ == DiskLimit::file_size_limit) {
            rlimit limit{RLIM_INFINITY, RLIM_INFINITY};
            REQUIRE(::prlimit(collector_pid, RLIMIT_FSIZE, &limit, nullptr) == 0);
        } else {
            std::filesystem::remove(folder_ / "filler");
        }
    }

  private:
    DiskLimit limit_;
    std::filesystem::path folder_;
    bool mounted_ = false;
    std::string refusal_;
};

nlohmann::json health(const test::ServeProcess& serve, int& status) {
    httplib::Client client = serve.client();
    httplib::Result result = client.Get("/api/v1/health");
    REQUIRE(result);
    status = result->status;
    return nlohmann::json::parse(result->body);
}

std::string integrity_check(const std::string& db_path) {
    Result<Database> db = Database::open(db_path);
    REQUIRE(db);
    Result<Statement> check = db->prepare("PRAGMA integrity_check");
    REQUIRE(check);
    std::optional<Error> error;
    REQUIRE(check->step(error));
    return std::string(check->column_text(0));
}

void check_full_disk(DiskLimit limit, const std::filesystem::path& work_dir) {
    FullDisk disk(limit, work_dir / "disk");
    if (!disk.ready()) {
        MESSAGE("skipped: " << disk.refusal());
        return;
    }
    MESSAGE("the full disk: " << disk.way());
    const int before = 10, uploaders = 4, per_uploader = 40;
    std::vector<std::filesystem::path> files =
        test::make_variants(work_dir / "uploads", before + uploaders * per_uploader);
    uint64_t largest_upload = 0;
    for (const std::filesystem::path& file : files)
        largest_upload = std::max<uint64_t>(largest_upload, std::filesystem::file_size(file));
    const std::string db = (disk.folder() / "store.db").string();
    test::ServeProcess serve(db, work_dir / "serve.log", {}, {"TMPDIR=" + disk.folder().string()});

    test::Acknowledged acknowledged;
    test::upload_all(serve, std::span(files).first(before), acknowledged);
    REQUIRE(acknowledged.count == before);

    // Room for two uploads' spool files: some spool, then the store runs out.
    disk.fill(serve.pid(), 2 * largest_upload);
    std::vector<std::jthread> threads;
    for (int u = 0; u < uploaders; ++u)
        threads.emplace_back(
            test::upload_all, std::cref(serve),
            std::span(files).subspan(size_t(before + u * per_uploader), size_t(per_uploader)),
            std::ref(acknowledged), test::OnUnavailable::retry);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (acknowledged.unavailable < 20 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE_MESSAGE(acknowledged.unavailable >= 20, "the full disk refused only "
                                                        << acknowledged.unavailable.load()
                                                        << " uploads in 30 s");
    int stored_while_full = acknowledged.count - before;
    int status = 0;
    nlohmann::json failing = health(serve, status);
    CHECK(status == 503);
    CHECK(failing["status"] == "store failing");
    CHECK(failing["store_reachable"] == true);
    CHECK(!failing.value("error", "").empty());

    auto freed = std::chrono::steady_clock::now();
    disk.free(serve.pid());
    for (std::jthread& thread : threads)
        thread.join();
    double catch_up_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - freed).count();

    MESSAGE(acknowledged.unavailable.load()
            << " answers 503 while the disk was full; " << stored_while_full
            << " uploads stored in the room left; every upload stored " << catch_up_s
            << " s after the disk was freed");
    {
        std::lock_guard lock(acknowledged.mutex);
        for (const auto& [message, count] : acknowledged.unavailable_errors) {
            MESSAGE(count << " x " << message);
            CHECK(message.find('\n') == std::string::npos);
        }
    }
    test::check_each_acknowledged_once(acknowledged, files.size());
    CHECK(health(serve, status)["status"] == "ok");
    CHECK(status == 200);
    CHECK(serve.stop(SIGTERM) == 0);
    test::check_nothing_half_stored(db, files.size());
    CHECK(integrity_check(db) == "ok");
}

} // namespace

TEST_CASE("framescope serve on a small filesystem that fills up stores every upload once, "
          "once there is room") {
    test::TempDir dir;
    check_full_disk(DiskLimit::small_filesystem, dir.path());
}

TEST_CASE("framescope serve past its file-size limit stores every upload once, once the "
          "limit is raised") {
    test::TempDir dir;
    check_full_disk(DiskLimit::file_size_limit, dir.path());
}

} // namespace framescope
