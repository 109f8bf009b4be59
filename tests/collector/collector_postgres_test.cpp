// framescope serve with a PostgreSQL store: the load and the SIGKILL of the SQLite tests
// (load_scenarios.h), and a server that stops halfway through the uploads and starts again:
// 503 while it is down, health saying so, the uploaders' retries stored once it is back.
// Without a server (no PostgreSQL binaries) each test says it is skipped.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <chrono>
#include <thread>

#include "tests/collector/load_scenarios.h"
#include "tests/support/postgres_test_server.h"

namespace framescope {
namespace {

// Asks /api/v1/health until it answers `status`, for up to 30 s; the last answer's body.
nlohmann::json health_once_it_answers(const test::ServeProcess& serve, int status) {
    httplib::Client client = serve.client();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    httplib::Result result{nullptr, httplib::Error::Unknown};
    while (std::chrono::steady_clock::now() < deadline) {
        result = client.Get("/api/v1/health");
        if (result && result->status == status)
            return nlohmann::json::parse(result->body);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL_CHECK("health never answered " << status << (result ? ", last " + result->body : ""));
    return {};
}

} // namespace

TEST_CASE("framescope serve on PostgreSQL stores 8 uploaders' bundles, each exactly once") {
    std::string url = test::postgres_database("collector_load");
    if (url.empty())
        return;
    test::TempDir dir;
    test::check_parallel_load(url, dir.path());
}

TEST_CASE("framescope serve on PostgreSQL killed halfway loses nothing it acknowledged") {
    std::string url = test::postgres_database("collector_killed");
    if (url.empty())
        return;
    test::TempDir dir;
    test::check_killed_halfway(url, dir.path());
}

TEST_CASE("framescope serve answers 503 while PostgreSQL is down, and stores the retries once "
          "it is back") {
    test::PrivatePostgresServer server(2);
    if (server.url().empty())
        return;
    test::TempDir dir;
    const int uploaders = 4, per_uploader = 60;
    std::vector<std::filesystem::path> files =
        test::make_variants(dir / "uploads", uploaders * per_uploader);
    test::ServeProcess serve(server.url(), dir / "serve.log");
    CHECK(health_once_it_answers(serve, 200)["store_reachable"] == true);

    test::Acknowledged acknowledged;
    std::vector<std::jthread> threads; // joined on a failed REQUIRE too
    for (int u = 0; u < uploaders; ++u)
        threads.emplace_back(test::upload_all, std::cref(serve),
                             std::span(files).subspan(size_t(u * per_uploader), per_uploader),
                             std::ref(acknowledged), test::OnUnavailable::retry);
    test::wait_until_acknowledged(acknowledged, int(files.size()) / 3);
    server.kill();

    nlohmann::json down = health_once_it_answers(serve, 503);
    CHECK(down["store_reachable"] == false);
    CHECK(down["status"] == "store unavailable");
    // Uploads go on, each refused with 503, none acknowledged.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    int acknowledged_while_down = acknowledged.count, unavailable = acknowledged.unavailable;
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(acknowledged.count == acknowledged_while_down);
    CHECK(acknowledged.unavailable > unavailable);
    MESSAGE(acknowledged_while_down << " of " << files.size() << " acknowledged before the stop, "
                                    << acknowledged.unavailable.load()
                                    << " answers 503 while down");

    server.resume();
    CHECK(health_once_it_answers(serve, 200)["store_reachable"] == true);
    for (std::jthread& thread : threads)
        thread.join();
    check_each_acknowledged_once(acknowledged, files.size());
    CHECK(serve.stop(SIGTERM) == 0); // still running: it never exited
    test::check_nothing_half_stored(server.url(), files.size());
}

} // namespace framescope
