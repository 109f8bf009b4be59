// framescope serve under load and when stopped: 8 uploaders at once, every bundle
// acknowledged and stored exactly once in bounded memory; SIGTERM answering what is in
// flight; SIGKILL halfway through a load losing nothing it acknowledged, half-stored nothing.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <span>
#include <thread>

#include "store/database.h"
#include "tests/collector/serve_process.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::vector<std::filesystem::path> make_variants(const std::filesystem::path& out_dir, int count) {
    test::run_fixture(test::python3(), "make_uploads.py",
                      {"variants", (test::samples_dir() / "bundles" / "normal").string(),
                       out_dir.string(), std::to_string(count)});
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(out_dir))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// Bundles per uploader: 250, fewer where $FRAMESCOPE_LOAD_PER_UPLOADER says so (a
// sanitizer build on a small machine).
int bundles_per_uploader() {
    const char* scaled = std::getenv("FRAMESCOPE_LOAD_PER_UPLOADER");
    return scaled && std::atoi(scaled) > 0 ? std::atoi(scaled) : 250;
}

struct Acknowledged {
    std::mutex mutex;
    std::map<std::string, int64_t> ids; // file -> id, for every 201 or 200
    std::atomic<int> count = 0, failures = 0, retries = 0;
};

// Uploads `files`, retrying a 429 after its Retry-After (shortened) as the recorder does;
// stops at the first failure to connect (the server was killed).
void upload_all(const test::ServeProcess& serve, std::span<const std::filesystem::path> files,
                Acknowledged& acknowledged) {
    httplib::Client client = serve.client();
    for (const std::filesystem::path& file : files) {
        std::string body = test::read_text(file);
        while (true) {
            httplib::Result result =
                client.Post("/api/v1/bundles", body, "application/octet-stream");
            if (!result)
                return;
            if (result->status == 429) {
                ++acknowledged.retries;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;
            }
            if (result->status != 201 && result->status != 200) {
                ++acknowledged.failures;
                break;
            }
            int64_t id = nlohmann::json::parse(result->body)["id"];
            std::lock_guard lock(acknowledged.mutex);
            acknowledged.ids[file.string()] = id;
            ++acknowledged.count;
            break;
        }
    }
}

// Every session stored whole: a session row for each source, with all its frames.
void check_nothing_half_stored(const std::filesystem::path& db_path, size_t expected) {
    Result<Database> db = Database::open(db_path.string());
    REQUIRE(db);
    CHECK(test::count_rows(*db, "sources") == int64_t(expected));
    CHECK(test::count_rows(*db, "sessions") == int64_t(expected));
    Result<Statement> empty = db->prepare("SELECT COUNT(*) FROM sessions WHERE frame_count = 0 OR "
                                          "length(frame_durations_us) != 4 * frame_count");
    REQUIRE(empty);
    std::optional<Error> error;
    REQUIRE(empty->step(error));
    CHECK(empty->column_int(0) == 0);
}

} // namespace

TEST_CASE("framescope serve stores 8 uploaders' bundles, each exactly once, in bounded memory") {
    test::TempDir dir;
    const int uploaders = 8, per_uploader = bundles_per_uploader();
    std::vector<std::filesystem::path> files =
        make_variants(dir / "uploads", uploaders * per_uploader);
    REQUIRE(files.size() == size_t(uploaders * per_uploader));
    test::ServeProcess serve(dir / "store.db", dir / "serve.log");

    Acknowledged acknowledged;
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int u = 0; u < uploaders; ++u)
        threads.emplace_back(upload_all, std::cref(serve),
                             std::span(files).subspan(size_t(u * per_uploader), per_uploader),
                             std::ref(acknowledged));
    for (std::thread& thread : threads)
        thread.join();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE(files.size() << " uploads in " << seconds << " s: " << files.size() / seconds
                         << " uploads/s, " << acknowledged.retries.load() << " retried after 429");

    CHECK(acknowledged.failures == 0);
    CHECK(acknowledged.count == int(files.size()));
    std::set<int64_t> ids;
    for (const auto& [file, id] : acknowledged.ids)
        ids.insert(id);
    CHECK(ids.size() == files.size());
    int64_t peak_kib = test::peak_memory_kib(serve.pid());
    MESSAGE("collector peak memory: " << peak_kib / 1024 << " MiB");
    CHECK(peak_kib < 1024 * 1024);
    CHECK(serve.stop(SIGTERM) == 0);
    check_nothing_half_stored(dir / "store.db", files.size());
}

TEST_CASE("framescope serve answers the uploads in flight on SIGTERM, then exits 0") {
    test::TempDir dir;
    std::vector<std::filesystem::path> files = make_variants(dir / "uploads", 1);
    test::ServeProcess serve(dir / "store.db", dir / "serve.log");
    std::string body = test::read_text(files[0]);

    // The body arrives in two halves, SIGTERM between them.
    std::atomic<bool> half_sent = false;
    httplib::Result result{nullptr, httplib::Error::Unknown};
    std::thread uploader([&] {
        httplib::Client client = serve.client();
        result = client.Post(
            "/api/v1/bundles", body.size(),
            [&](size_t offset, size_t, httplib::DataSink& sink) {
                size_t half = body.size() / 2;
                if (offset == 0) {
                    sink.write(body.data(), half);
                    half_sent = true;
                    std::this_thread::sleep_for(std::chrono::milliseconds(800));
                } else {
                    sink.write(body.data() + offset, body.size() - offset);
                }
                return true;
            },
            "application/zip");
    });
    while (!half_sent)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    int exit_code = serve.stop(SIGTERM);
    uploader.join();
    CHECK(exit_code == 0);
    REQUIRE(result);
    CHECK(result->status == 201);
    CHECK(test::stored_sources(dir / "store.db").size() == 1);
}

TEST_CASE("framescope serve killed halfway through a load loses nothing it acknowledged") {
    test::TempDir dir;
    const int uploaders = 4, per_uploader = 100;
    std::vector<std::filesystem::path> files =
        make_variants(dir / "uploads", uploaders * per_uploader);
    Acknowledged acknowledged;
    {
        test::ServeProcess serve(dir / "store.db", dir / "serve.log");
        std::vector<std::thread> threads;
        for (int u = 0; u < uploaders; ++u)
            threads.emplace_back(upload_all, std::cref(serve),
                                 std::span(files).subspan(size_t(u * per_uploader), per_uploader),
                                 std::ref(acknowledged));
        while (acknowledged.count < int(files.size()) / 2)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        CHECK(serve.stop(SIGKILL) == 128 + SIGKILL);
        for (std::thread& thread : threads)
            thread.join();
    }
    int acknowledged_before_kill = acknowledged.count;
    MESSAGE(acknowledged_before_kill << " of " << files.size() << " acknowledged before SIGKILL");
    REQUIRE(acknowledged_before_kill < int(files.size()));
    std::map<std::string, int64_t> before = acknowledged.ids;
    check_nothing_half_stored(dir / "store.db", test::stored_sources(dir / "store.db").size());

    // Restarted on the same store, everything sent again: what was acknowledged is there
    // under the same id, and the rest is stored once.
    test::ServeProcess restarted(dir / "store.db", dir / "serve.log");
    Acknowledged resent;
    upload_all(restarted, files, resent);
    CHECK(resent.failures == 0);
    CHECK(resent.count == int(files.size()));
    for (const auto& [file, id] : before) {
        CAPTURE(file);
        CHECK(resent.ids[file] == id);
    }
    CHECK(restarted.stop(SIGTERM) == 0);
    check_nothing_half_stored(dir / "store.db", files.size());
}

} // namespace framescope
