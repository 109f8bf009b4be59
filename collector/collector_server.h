// framescope's collector: an HTTP server (cpp-httplib) that takes report bundles, profiles
// and crash reports from applications and stores them. The routes live here; what an upload
// is and how it is stored is upload_import's, the keys are api_keys', the connection pool is
// bounded_task_queue's.
//
//   POST /api/v1/bundles  Authorization: Bearer KEY, body: the file   -> 201/200 {"id", "stored"}
//   GET  /api/v1/health                                                -> {"status", ...}
//
// A disk that refuses a write (full, or past a file-size limit) is the store being
// unavailable: the upload is answered 503 with one line naming why ("cannot spool the
// upload: No space left on device", "store unavailable: database or disk is full"), its
// transaction rolled back, and clients send it again later, as they do for a PostgreSQL
// server that is down. Health answers 503 "store failing" from then until an upload is
// stored again.
//
// Bodies cost bounded memory whatever clients send: they go to spool files, at most
// `max_imports` uploads are received and parsed at once (more get 429), each held to the
// upload and unpacked-bundle limits. A request line over 8 KiB is answered 414 and a header
// line over 8 KiB 400 (httplib's own limits); what a connection sends besides its bodies
// is bounded by request_head_guard (a head of endless header lines is cut off).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>

#include <httplib.h>

#include "collector/api_keys.h"
#include "collector/listen_address.h"
#include "collector/request_head_guard.h"
#include "collector/spool_file.h"
#include "collector/store_writer.h"
#include "collector/upload_import.h"
#include "core/error.h"
#include "loaders/bundle_files.h"

namespace framescope {

struct CollectorOptions {
    std::string db_path;
    ListenAddress listen;
    std::optional<ApiKeys> keys; // none: uploads need no key (loopback only, see serve)
    size_t threads = 16;         // connections served at once; more wait to be accepted
    size_t max_imports = 8;      // uploads being received, parsed or stored at once
    uint64_t max_upload_bytes = 16ull << 20;
    BundleLimits bundle_limits{32ull << 20, 64ull << 20, 1000};
    int read_timeout_s = 10;     // one read of a slow client
    int upload_deadline_s = 120; // a whole body, however it trickles in
    std::filesystem::path spool_parent = std::filesystem::temp_directory_path();
};

// What a connection may send besides its bodies: heads of a few KiB, kept alive for a few
// requests, fit with ample room.
constexpr uint64_t kRequestHeadBudget = 1ull << 20;

class Collector {
  public:
    // Opens the store and the spool folder; either failing is an error.
    static Result<std::unique_ptr<Collector>> create(CollectorOptions options);

    // Binds the listening socket; returns the port (the real one for port 0).
    Result<int> bind();
    // Accepts connections until stop(); returns once every accepted request is answered.
    void run();
    // Stops accepting; safe from any thread.
    void stop() { server_.stop(); }

  private:
    Collector(CollectorOptions options, SpoolDir spool);
    void add_routes();
    void handle_upload(const httplib::Request& request, httplib::Response& response,
                       const httplib::ContentReader& read_body);
    // The app the request's key uploads for (none when uploads need no key); nothing, with
    // a 401 answered, when the key is missing or unknown.
    std::optional<std::optional<std::string>> authorize(const httplib::Request& request,
                                                        httplib::Response& response,
                                                        const httplib::ContentReader& read_body);
    // Writes the body to `spool`; false, with the answer given (413, 408, 400, 503), when
    // it cannot be had whole.
    bool receive_body(const httplib::ContentReader& read_body, SpoolFile& spool,
                      httplib::Response& response);
    void handle_health(httplib::Response& response);
    // Answers an upload, remembering for health a 503 (the disk or the store refused it)
    // until an upload is stored again.
    void answer_upload(httplib::Response& response, const UploadReply& reply);

    CollectorOptions options_;
    StoreWriter writer_;
    SpoolDir spool_;
    std::counting_semaphore<> import_slots_;
    std::mutex failing_mutex_;
    std::optional<std::string> failing_; // why the last upload could not be stored
    // Declared before the server: it is stopped after the server's last request.
    RequestHeadGuard head_guard_{kRequestHeadBudget};
    httplib::Server server_;
};

} // namespace framescope
