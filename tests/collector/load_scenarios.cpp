#include "tests/collector/load_scenarios.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <set>
#include <thread>

#include "store/database.h"
#include "tests/support/test_support.h"

namespace framescope::test {

std::vector<std::filesystem::path> make_variants(const std::filesystem::path& out_dir, int count) {
    run_fixture(python3(), "make_uploads.py",
                {"variants", (samples_dir() / "bundles" / "normal").string(), out_dir.string(),
                 std::to_string(count)});
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(out_dir))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

int bundles_per_uploader() {
    const char* scaled = std::getenv("FRAMESCOPE_LOAD_PER_UPLOADER");
    return scaled && std::atoi(scaled) > 0 ? std::atoi(scaled) : 250;
}

void upload_all(const ServeProcess& serve, std::span<const std::filesystem::path> files,
                Acknowledged& acknowledged, OnUnavailable on_unavailable) {
    httplib::Client client = serve.client();
    for (const std::filesystem::path& file : files) {
        std::string body = read_text(file);
        auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
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
            if (result->status == 503 && on_unavailable == OnUnavailable::retry &&
                std::chrono::steady_clock::now() < give_up) {
                {
                    std::lock_guard lock(acknowledged.mutex);
                    ++acknowledged.unavailable_errors[nlohmann::json::parse(result->body)["error"]];
                }
                ++acknowledged.unavailable;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
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

void wait_until_acknowledged(const Acknowledged& acknowledged, int count) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acknowledged.count < count && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE_MESSAGE(acknowledged.count >= count, "only " << acknowledged.count.load() << " of "
                                                         << count << " acknowledged in 60 s");
}

void check_each_acknowledged_once(const Acknowledged& acknowledged, size_t uploads) {
    CHECK(acknowledged.failures == 0);
    CHECK(acknowledged.count == int(uploads));
    std::set<int64_t> ids;
    for (const auto& [file, id] : acknowledged.ids)
        ids.insert(id);
    CHECK(ids.size() == uploads);
}

void check_nothing_half_stored(const std::string& db_location, size_t expected) {
    Result<Database> db = Database::open(db_location);
    REQUIRE(db);
    CHECK(count_rows(*db, "sources") == int64_t(expected));
    CHECK(count_rows(*db, "sessions") == int64_t(expected));
    Result<Statement> empty = db->prepare("SELECT COUNT(*) FROM sessions WHERE frame_count = 0 OR "
                                          "length(frame_durations_us) != 4 * frame_count");
    REQUIRE(empty);
    std::optional<Error> error;
    REQUIRE(empty->step(error));
    CHECK(empty->column_int(0) == 0);
}

void check_parallel_load(const std::string& db, const std::filesystem::path& work_dir) {
    const int uploaders = 8, per_uploader = bundles_per_uploader();
    std::vector<std::filesystem::path> files =
        make_variants(work_dir / "uploads", uploaders * per_uploader);
    REQUIRE(files.size() == size_t(uploaders * per_uploader));
    ServeProcess serve(db, work_dir / "serve.log");

    Acknowledged acknowledged;
    auto start = std::chrono::steady_clock::now();
    std::vector<std::jthread> threads;
    for (int u = 0; u < uploaders; ++u)
        threads.emplace_back(upload_all, std::cref(serve),
                             std::span(files).subspan(size_t(u * per_uploader), per_uploader),
                             std::ref(acknowledged), OnUnavailable::fail);
    for (std::jthread& thread : threads)
        thread.join();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE(files.size() << " uploads in " << seconds << " s: " << files.size() / seconds
                         << " uploads/s, " << acknowledged.retries.load() << " retried after 429");

    check_each_acknowledged_once(acknowledged, files.size());
    int64_t peak_kib = peak_memory_kib(serve.pid());
    MESSAGE("collector peak memory: " << peak_kib / 1024 << " MiB");
    CHECK(peak_kib < 1024 * 1024);
    CHECK(serve.stop(SIGTERM) == 0);
    check_nothing_half_stored(db, files.size());
}

void check_killed_halfway(const std::string& db, const std::filesystem::path& work_dir) {
    const int uploaders = 4, per_uploader = 100;
    std::vector<std::filesystem::path> files =
        make_variants(work_dir / "uploads", uploaders * per_uploader);
    Acknowledged acknowledged;
    {
        ServeProcess serve(db, work_dir / "serve.log");
        std::vector<std::jthread> threads; // joined on a failed REQUIRE too
        for (int u = 0; u < uploaders; ++u)
            threads.emplace_back(upload_all, std::cref(serve),
                                 std::span(files).subspan(size_t(u * per_uploader), per_uploader),
                                 std::ref(acknowledged), OnUnavailable::fail);
        wait_until_acknowledged(acknowledged, int(files.size()) / 2);
        CHECK(serve.stop(SIGKILL) == 128 + SIGKILL);
        for (std::jthread& thread : threads)
            thread.join();
    }
    int acknowledged_before_kill = acknowledged.count;
    MESSAGE(acknowledged_before_kill << " of " << files.size() << " acknowledged before SIGKILL");
    REQUIRE(acknowledged_before_kill < int(files.size()));
    std::map<std::string, int64_t> before = acknowledged.ids;
    check_nothing_half_stored(db, stored_sources(db).size());

    // Restarted on the same store, everything sent again: what was acknowledged is there
    // under the same id, and the rest is stored once.
    ServeProcess restarted(db, work_dir / "serve.log");
    Acknowledged resent;
    upload_all(restarted, files, resent);
    CHECK(resent.failures == 0);
    CHECK(resent.count == int(files.size()));
    for (const auto& [file, id] : before) {
        CAPTURE(file);
        CHECK(resent.ids[file] == id);
    }
    CHECK(restarted.stop(SIGTERM) == 0);
    check_nothing_half_stored(db, files.size());
}

} // namespace framescope::test
