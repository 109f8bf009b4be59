// framescope serve as applications meet it: uploads answered 201 then 200 for the same
// bytes, keys and apps, every kind of hostile upload refused with a 4xx and nothing stored,
// routes and methods, health, the log, and a real recorder's bundle collected.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <chrono>
#include <thread>

#include "store/database.h"
#include "tests/support/serve_process.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::filesystem::path sample_bundle() {
    return test::samples_dir() / "bundles" / "normal";
}

void make_variants(const std::filesystem::path& out_dir, int count, const std::string& app = "") {
    std::vector<std::string> args = {"variants", sample_bundle().string(), out_dir.string(),
                                     std::to_string(count)};
    if (!app.empty())
        args.push_back(app);
    test::run_fixture(test::python3(), "make_uploads.py", args);
}

nlohmann::json body_of(const httplib::Result& result) {
    REQUIRE(result);
    return nlohmann::json::parse(result->body);
}

// An error answer is JSON with one line naming what is wrong.
void check_error_answer(const httplib::Result& result, int status) {
    REQUIRE_MESSAGE(result, httplib::to_string(result.error()));
    CHECK_MESSAGE(result->status == status, result->body);
    nlohmann::json body = nlohmann::json::parse(result->body);
    REQUIRE(body.contains("error"));
    std::string message = body["error"];
    CHECK(!message.empty());
    CHECK(message.find('\n') == std::string::npos);
}

} // namespace

TEST_CASE("framescope serve stores an upload once: 201, then 200 with the same id") {
    test::TempDir dir;
    make_variants(dir / "uploads", 2);
    test::ServeProcess serve(dir / "store.db", dir / "serve.log");
    httplib::Client client = serve.client();

    httplib::Result first = test::upload_file(client, dir / "uploads" / "bundle-00000.zip");
    REQUIRE(first);
    CHECK(first->status == 201);
    CHECK(first->get_header_value("Content-Type") == "application/json");
    nlohmann::json stored = body_of(first);
    CHECK(stored["stored"] == true);
    int64_t id = stored["id"];

    httplib::Result again = test::upload_file(client, dir / "uploads" / "bundle-00000.zip");
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(body_of(again) == nlohmann::json{{"id", id}, {"stored", false}});

    httplib::Result other = test::upload_file(client, dir / "uploads" / "bundle-00001.zip");
    REQUIRE(other);
    CHECK(other->status == 201);
    CHECK(body_of(other)["id"] != id);

    CHECK(serve.stop(SIGTERM) == 0);
    std::vector<std::string> sources = test::stored_sources(dir / "store.db");
    REQUIRE(sources.size() == 2);
    CHECK(sources[0].find("bundle") != std::string::npos);
    CHECK(sources[0].find("upload:demo-app/") != std::string::npos);
}

TEST_CASE("framescope serve takes what import takes: a tar.gz bundle, a profile, crash text") {
    test::TempDir dir;
    make_variants(dir / "uploads", 3);
    test::ServeProcess serve(dir / "store.db", dir / "serve.log");
    httplib::Client client = serve.client();

    httplib::Result tarball = test::upload_file(client, dir / "uploads" / "bundle-00002.tar.gz");
    REQUIRE(tarball);
    CHECK(tarball->status == 201);
    httplib::Result profile =
        test::upload_file(client, test::samples_dir() / "profiles" / "frame_loop.pstats");
    REQUIRE(profile);
    CHECK(profile->status == 201);
    httplib::Result crash = test::upload_file(client, test::samples_dir() / "stdlib" /
                                                          "uncaught-exception.traceback.txt");
    REQUIRE(crash);
    CHECK(crash->status == 201);

    serve.stop(SIGTERM);
    std::vector<std::string> sources = test::stored_sources(dir / "store.db");
    REQUIRE(sources.size() == 3);
    CHECK(sources[1].find("pstats") != std::string::npos);
    CHECK(sources[2].find("crash-report") != std::string::npos);
}

TEST_CASE("framescope serve refuses hostile uploads with a 4xx and stores none of them") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_uploads.py",
                      {"hostile", sample_bundle().string(), (dir / "hostile").string()});
    test::write_text(dir / "keys", "# uploads of the demo\nsecret-demo-key demo-app\n");
    test::ServeProcess serve(dir / "store.db", dir / "serve.log",
                             {"--keys", (dir / "keys").string(), "--max-upload-mb", "2"});
    httplib::Client client = serve.client();
    const std::string key = "secret-demo-key";

    struct Case {
        const char* file;
        int status;
    };
    for (Case c :
         {Case{"zip-bomb.zip", 400}, Case{"many-members.zip", 400}, Case{"parent-path.zip", 400},
          Case{"absolute-path.tar.gz", 415}, Case{"not-a-bundle.zip", 415}, Case{"random.bin", 415},
          Case{"executable.elf", 415}, Case{"other-app.zip", 403}}) {
        std::string file = c.file;
        CAPTURE(file);
        check_error_answer(test::upload_file(client, dir / "hostile" / c.file, key), c.status);
    }
    for (std::string truncated : {"truncated.zip", "truncated.tar.gz"}) {
        CAPTURE(truncated);
        httplib::Result result = test::upload_file(client, dir / "hostile" / truncated, key);
        REQUIRE(result);
        CHECK(result->status >= 400);
        CHECK(result->status < 500);
    }
    {
        INFO("no key, a wrong key, a key of another scheme: 401");
        make_variants(dir / "uploads", 1);
        std::filesystem::path bundle = dir / "uploads" / "bundle-00000.zip";
        check_error_answer(test::upload_file(client, bundle), 401);
        check_error_answer(test::upload_file(client, bundle, "secret-demo-kez"), 401);
        httplib::Result basic = client.Post("/api/v1/bundles", {{"Authorization", "Basic " + key}},
                                            test::read_text(bundle), "application/zip");
        check_error_answer(basic, 401);
        CHECK(basic->get_header_value("WWW-Authenticate") == "Bearer");
        // The same bundle with its app's key is stored.
        httplib::Result keyed = test::upload_file(client, bundle, key);
        REQUIRE(keyed);
        CHECK(keyed->status == 201);
    }
    {
        INFO("a body over the limit: 413, refused from its Content-Length before it is read");
        // Python's socket, to send a Content-Length of 1 GB and no body, and read the answer.
        test::CommandResult answer = test::run_python3(
            "import socket, sys\n"
            "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
            "s.sendall(b'POST /api/v1/bundles HTTP/1.1\\r\\nHost: x\\r\\n'\n"
            "          b'Authorization: Bearer ' + sys.argv[2].encode() + b'\\r\\n'\n"
            "          b'Content-Length: 1000000000\\r\\n\\r\\n')\n"
            "s.settimeout(10)\n"
            "print(s.recv(4096).decode().split('\\r\\n')[0])\n",
            {std::to_string(serve.port()), key});
        CHECK(answer.output == "HTTP/1.1 413 Payload Too Large\n");
        // A client that sends it anyway gets the answer or a closed connection, nothing else.
        std::string huge(3 << 20, 'x');
        httplib::Result sent = client.Post("/api/v1/bundles", {{"Authorization", "Bearer " + key}},
                                           huge, "application/zip");
        CHECK((!sent || sent->status == 413));
    }
    {
        INFO("an empty body: 400");
        check_error_answer(client.Post("/api/v1/bundles", {{"Authorization", "Bearer " + key}}, "",
                                       "application/zip"),
                           400);
    }
    // The collector still works, and stored nothing but the keyed upload.
    httplib::Result health = client.Get("/api/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(serve.stop(SIGTERM) == 0);
    std::vector<std::string> sources = test::stored_sources(dir / "store.db");
    REQUIRE(sources.size() == 1);
    CHECK(sources[0].find("upload:demo-app/") != std::string::npos);
    std::string log = test::read_text(dir / "serve.log");
    CHECK(log.find(key) == std::string::npos);
    CHECK(log.find("POST /api/v1/bundles 403") != std::string::npos);
}

TEST_CASE("framescope serve bounds a request's head: a long line is refused, endless headers "
          "are cut off") {
    test::TempDir dir;
    test::ServeProcess serve(dir / "store.db", dir / "serve.log");
    std::string port = std::to_string(serve.port());
    // httplib's own limits: 8 KiB a request line, 8 KiB a header line.
    test::CommandResult long_lines = test::run_python3(
        "import socket, sys\n"
        "def ask(head):\n"
        "    s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
        "    s.settimeout(10)\n"
        "    s.sendall(head)\n"
        "    print(s.recv(4096).split(b'\\r\\n')[0].decode())\n"
        "ask(b'GET /' + b'a' * 20000 + b' HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n')\n"
        "ask(b'GET /api/v1/health HTTP/1.1\\r\\nHost: x\\r\\nX-Long: ' + b'b' * 100000 +\n"
        "    b'\\r\\n\\r\\n')\n",
        {port});
    CHECK(long_lines.output == "HTTP/1.1 414 URI Too Long\nHTTP/1.1 400 Bad Request\n");

    // Short header lines without end: the connection is cut off after about a MiB, long
    // before the 64 MiB the client would send, and the collector's memory stays small.
    int64_t peak_before_kib = test::peak_memory_kib(serve.pid());
    test::CommandResult endless =
        test::run_python3("import socket, sys\n"
                          "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
                          "s.settimeout(10)\n"
                          "s.sendall(b'POST /api/v1/bundles HTTP/1.1\\r\\nHost: x\\r\\n')\n"
                          "sent = 0\n"
                          "try:\n"
                          "    while sent < 64 << 20:\n"
                          "        s.sendall(b'X-Again: and again\\r\\n' * 1000)\n"
                          "        sent += 20000\n"
                          "    print('not cut off after', sent, 'bytes')\n"
                          "except OSError:\n"
                          "    print('cut off after', sent >> 20, 'MiB')\n",
                          {port});
    MESSAGE("endless headers: " << endless.output);
    CHECK(endless.output.starts_with("cut off after "));
    CHECK(std::stoi(endless.output.substr(14)) < 8);
    int64_t peak_kib = test::peak_memory_kib(serve.pid());
    MESSAGE("the collector's peak memory: " << peak_before_kib / 1024 << " MiB before, "
                                            << peak_kib / 1024 << " MiB after");
    CHECK(peak_kib - peak_before_kib < 128 * 1024);

    // And it goes on serving.
    httplib::Client client = serve.client();
    httplib::Result health = client.Get("/api/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(serve.stop(SIGTERM) == 0);
}

TEST_CASE("framescope serve stops waiting for a client that sends too slowly") {
    test::TempDir dir;
    test::ServeProcess serve(dir / "store.db", dir / "serve.log", {"--read-timeout", "1"});
    // Promises 1000 bytes, sends 10, then nothing: the read times out and nothing is stored.
    test::CommandResult slow = test::run_python3(
        "import socket, sys, time\n"
        "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
        "s.sendall(b'POST /api/v1/bundles HTTP/1.1\\r\\nHost: x\\r\\n'\n"
        "          b'Content-Length: 1000\\r\\n\\r\\nPK\\x03\\x04abcdef')\n"
        "s.settimeout(30)\n"
        "start = time.time()\n"
        "answer = s.recv(4096)\n"
        "print(round(time.time() - start), answer.split(b'\\r\\n')[0].decode())\n",
        {std::to_string(serve.port())});
    CHECK(slow.exit_code == 0);
    CHECK(slow.output.starts_with("1 "));
    httplib::Client client = serve.client();
    httplib::Result health = client.Get("/api/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    serve.stop(SIGTERM);
    CHECK(test::stored_sources(dir / "store.db").empty());
}

TEST_CASE("framescope serve answers unknown routes 404, wrong methods 405, health 200") {
    test::TempDir dir;
    test::ServeProcess serve(dir / "store.db", dir / "serve.log");
    httplib::Client client = serve.client();

    check_error_answer(client.Get("/api/v2/bundles"), 404);
    check_error_answer(client.Get("/"), 404);
    httplib::Result get_bundles = client.Get("/api/v1/bundles");
    check_error_answer(get_bundles, 405);
    CHECK(get_bundles->get_header_value("Allow") == "POST");
    check_error_answer(client.Delete("/api/v1/bundles"), 405);
    check_error_answer(client.Post("/api/v1/health", "", "text/plain"), 405);

    httplib::Result health = client.Get("/api/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    nlohmann::json body = body_of(health);
    CHECK(body["status"] == "ok");
    CHECK(body["store_reachable"] == true);
    CHECK(body["version"].is_string());
}

TEST_CASE("framescope serve refuses to start on a bad keys file, an open address without keys, "
          "or a port in use") {
    test::TempDir dir;
    test::write_text(dir / "keys", "# team keys\n\nkey-one app-one\nkey-two\n");
    test::FailedStart bad_line = test::serve_without_listening(
        {"--db", (dir / "store.db").string(), "--keys", (dir / "keys").string()});
    CHECK(bad_line.exit_code == 2);
    CHECK(bad_line.output.find((dir / "keys").string() + ":4: expected 'KEY APP'") !=
          std::string::npos);

    test::FailedStart open = test::serve_without_listening(
        {"--db", (dir / "store.db").string(), "--listen", "0.0.0.0:0"});
    CHECK(open.exit_code == 2);
    CHECK(open.output.find("--keys FILE is needed to listen on 0.0.0.0") != std::string::npos);

    test::ServeProcess serving(dir / "store.db", dir / "serve.log");
    test::FailedStart taken =
        test::serve_without_listening({"--db", (dir / "store.db").string(), "--listen",
                                       "127.0.0.1:" + std::to_string(serving.port())});
    CHECK(taken.exit_code == 1);
    CHECK(taken.output.find("cannot listen on 127.0.0.1:" + std::to_string(serving.port())) !=
          std::string::npos);

    test::FailedStart bad_listen =
        test::serve_without_listening({"--db", (dir / "store.db").string(), "--listen", "x"});
    CHECK(bad_listen.exit_code == 2);
    CHECK(bad_listen.output.find("--listen: expected HOST:PORT, got 'x'") != std::string::npos);
}

TEST_CASE("framescope serve answers 503 while the store cannot be written, then recovers") {
    test::TempDir dir;
    make_variants(dir / "uploads", 1);
    test::ServeProcess serve(dir / "store.db", dir / "serve.log");
    httplib::Client client = serve.client();
    {
        // Another writer holds the database past the store's busy timeout.
        Result<Database> other = Database::open((dir / "store.db").string());
        REQUIRE(other);
        REQUIRE(other->exec("BEGIN EXCLUSIVE"));
        check_error_answer(test::upload_file(client, dir / "uploads" / "bundle-00000.zip"), 503);
        REQUIRE(other->exec("ROLLBACK"));
    }
    httplib::Result stored = test::upload_file(client, dir / "uploads" / "bundle-00000.zip");
    REQUIRE(stored);
    CHECK(stored->status == 201);
    CHECK(serve.stop(SIGTERM) == 0);
    CHECK(test::stored_sources(dir / "store.db").size() == 1);
}

TEST_CASE("framescope serve answers 429 when as many uploads as it parses at once are pending") {
    test::TempDir dir;
    make_variants(dir / "uploads", 2);
    test::ServeProcess serve(dir / "store.db", dir / "serve.log", {"--max-imports", "1"});
    Result<Database> other = Database::open((dir / "store.db").string());
    REQUIRE(other);
    REQUIRE(other->exec("BEGIN EXCLUSIVE"));

    // The first upload waits for the store; the second finds no room and is told to retry.
    httplib::Result first{nullptr, httplib::Error::Unknown};
    std::thread waiting([&] {
        httplib::Client client = serve.client();
        first = test::upload_file(client, dir / "uploads" / "bundle-00000.zip");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    httplib::Client client = serve.client();
    httplib::Result busy = test::upload_file(client, dir / "uploads" / "bundle-00001.zip");
    REQUIRE(other->exec("ROLLBACK"));
    waiting.join();
    check_error_answer(busy, 429);
    CHECK(busy->get_header_value("Retry-After") == "1");
    REQUIRE(first);
    CHECK(first->status == 201);

    httplib::Result retried = test::upload_file(client, dir / "uploads" / "bundle-00001.zip");
    REQUIRE(retried);
    CHECK(retried->status == 201);
    CHECK(serve.stop(SIGTERM) == 0);
    CHECK(test::stored_sources(dir / "store.db").size() == 2);
}

TEST_CASE("a real recorder's bundle, zipped as the recorder sends it, is collected") {
    test::TempDir dir;
    test::CommandResult recorded =
        test::run_command("PYTHONPATH=" + test::quote(test::recorder_dir().string()) + " " +
                              test::quote(test::python3()) + " " +
                              test::quote((test::fixtures_dir() / "recorder_app.py").string()) +
                              " frames " + test::quote((dir / "recorded").string()),
                          true);
    REQUIRE_MESSAGE(recorded.exit_code == 0, recorded.output);
    std::filesystem::path bundle;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "recorded"))
        if (entry.is_directory())
            bundle = entry.path();
    REQUIRE(!bundle.empty());
    test::CommandResult zipped = test::run_python3(
        "import shutil, sys\nshutil.make_archive(sys.argv[1], 'zip', sys.argv[2])\n",
        {(dir / "sent").string(), bundle.string()});
    REQUIRE(zipped.exit_code == 0);

    test::ServeProcess serve(dir / "store.db", dir / "serve.log");
    httplib::Client client = serve.client();
    httplib::Result result = test::upload_file(client, dir / "sent.zip");
    REQUIRE(result);
    CHECK(result->status == 201);
    CHECK(serve.stop(SIGINT) == 0);
    std::vector<std::string> sources = test::stored_sources(dir / "store.db");
    REQUIRE(sources.size() == 1);
    CHECK(sources[0].find("bundle") != std::string::npos);
}

} // namespace framescope
