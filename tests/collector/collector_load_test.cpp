// framescope serve under load and when stopped, on SQLite: 8 uploaders at once, every
// bundle acknowledged and stored exactly once in bounded memory; SIGTERM answering what is in
// flight; SIGKILL halfway through a load losing nothing it acknowledged, half-stored nothing.
// (The load and the SIGKILL on PostgreSQL are in collector_postgres_test.cpp.)

#include <doctest/doctest.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/collector/load_scenarios.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("framescope serve stores 8 uploaders' bundles, each exactly once, in bounded memory") {
    test::TempDir dir;
    test::check_parallel_load(dir / "store.db", dir.path());
}

TEST_CASE("framescope serve answers the uploads in flight on SIGTERM, then exits 0") {
    test::TempDir dir;
    std::vector<std::filesystem::path> files = test::make_variants(dir / "uploads", 1);
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
    test::check_killed_halfway(dir / "store.db", dir.path());
}

} // namespace framescope
