#include "collector/collector_server.h"

#include <sys/socket.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <exception>

#include <nlohmann/json.hpp>

#include "collector/bounded_task_queue.h"
#include "collector/upload_import.h"

namespace framescope {
namespace {

constexpr const char* kBundlesRoute = "/api/v1/bundles";
constexpr const char* kHealthRoute = "/api/v1/health";
constexpr const char* kJson = "application/json";

// What a handler learnt that the log line names (the logger runs after the handler, on the
// same thread, and httplib gives it only the request and the response).
struct RequestNote {
    uint64_t size_bytes = 0;
    uint64_t body_bytes_read = 0; // by the upload handler, which streams the body
    std::string app;
    int64_t id = 0;
};
thread_local RequestNote request_note;

void answer(httplib::Response& response, const UploadReply& reply) {
    response.status = reply.status;
    response.set_content(reply.body, kJson);
}

void answer_error(httplib::Response& response, int status, const std::string& message) {
    answer(response, error_reply(status, message));
}

// The app comes from the bundle, written by whoever sent it: control characters would let
// it forge log lines.
std::string loggable(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = '?';
    return text;
}

// One line per request: never the Authorization header, nor anything else the client sent
// but its size, path and app.
void log_request(const httplib::Request& request, const httplib::Response& response) {
    RequestNote note = std::exchange(request_note, {});
    note.app = loggable(std::move(note.app));
    std::fprintf(stderr, "%s %s %d %llu bytes%s%s%s\n", request.method.c_str(),
                 loggable(request.path).c_str(), response.status,
                 static_cast<unsigned long long>(note.size_bytes),
                 note.app.empty() ? "" : " app=", note.app.c_str(),
                 note.id ? (" id=" + std::to_string(note.id)).c_str() : "");
    std::fflush(stderr);
}

std::optional<std::string> bearer_key(const httplib::Request& request) {
    std::string header = request.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (!header.starts_with(kBearer))
        return std::nullopt;
    return header.substr(kBearer.size());
}

std::optional<uint64_t> content_length(const httplib::Request& request) {
    if (!request.has_header("Content-Length"))
        return std::nullopt;
    std::string text = request.get_header_value("Content-Length");
    uint64_t length = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return length;
}

// Reads and drops the body of a request refused before it was read, so that the client,
// still sending, gets the answer and the connection stays usable. Bounded like an upload.
void discard_body(const httplib::ContentReader& read_body, uint64_t max_bytes) {
    uint64_t& seen = request_note.body_bytes_read;
    read_body([&](const char*, size_t size) { return (seen += size) <= max_bytes; });
}

std::string peer_of(const httplib::Request& request) {
    return request.remote_addr + ":" + std::to_string(request.remote_port);
}

// Runs a handler so that nothing it throws escapes: a bug or an exhausted memory is a 500
// with one line, and the server goes on.
template <typename Handler> void guarded(httplib::Response& response, Handler&& handler) {
    try {
        handler();
    } catch (const std::exception& error) {
        answer_error(response, 500, std::string("internal error: ") + error.what());
    } catch (...) {
        answer_error(response, 500, "internal error");
    }
}

} // namespace

Result<std::unique_ptr<Collector>> Collector::create(CollectorOptions options) {
    Result<SpoolDir> spool = SpoolDir::create(options.spool_parent);
    if (!spool)
        return spool.error();
    std::unique_ptr<Collector> collector(new Collector(std::move(options), std::move(*spool)));
    if (Status connected = collector->writer_.connect(); !connected)
        return connected.error();
    return collector;
}

Collector::Collector(CollectorOptions options, SpoolDir spool)
    : options_(std::move(options)), writer_(options_.db_path), spool_(std::move(spool)),
      import_slots_(static_cast<std::ptrdiff_t>(options_.max_imports)) {
    size_t threads = options_.threads;
    server_.new_task_queue = [threads] { return new BoundedTaskQueue(threads, threads); };
    server_.set_payload_max_length(options_.max_upload_bytes);
    server_.set_read_timeout(options_.read_timeout_s, 0);
    server_.set_write_timeout(options_.read_timeout_s, 0);
    server_.set_keep_alive_timeout(2);
    // An answer is headers and a small body, written separately: with Nagle's algorithm the
    // body waits for the client's delayed ACK, 40 ms a request on Linux.
    server_.set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, which lets a second collector bind the same
    // port and silently take half the uploads; a port in use should fail to start instead.
    server_.set_socket_options([](socket_t socket) {
        int yes = 1;
        ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
        head_guard_.request_started(peer_of(request));
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server_.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
        head_guard_.request_done(peer_of(request),
                                 request.body.size() + request_note.body_bytes_read);
        log_request(request, response);
    });
    add_routes();
}

void Collector::add_routes() {
    server_.Post(kBundlesRoute, [this](const httplib::Request& request, httplib::Response& response,
                                       const httplib::ContentReader& read_body) {
        guarded(response, [&] { handle_upload(request, response, read_body); });
    });
    server_.Get(kHealthRoute, [this](const httplib::Request&, httplib::Response& response) {
        guarded(response, [&] { handle_health(response); });
    });
    auto wrong_method = [](const char* allowed) {
        return [allowed](const httplib::Request& request, httplib::Response& response) {
            response.set_header("Allow", allowed);
            answer_error(response, 405, request.method + " is not allowed here; use " + allowed);
        };
    };
    server_.Get(kBundlesRoute, wrong_method("POST"));
    server_.Put(kBundlesRoute, wrong_method("POST"));
    server_.Patch(kBundlesRoute, wrong_method("POST"));
    server_.Delete(kBundlesRoute, wrong_method("POST"));
    server_.Post(kHealthRoute, wrong_method("GET"));
    server_.Put(kHealthRoute, wrong_method("GET"));
    server_.Patch(kHealthRoute, wrong_method("GET"));
    server_.Delete(kHealthRoute, wrong_method("GET"));

    // httplib's own refusals (no such route, a body over the limit, a request it cannot
    // parse) get the same JSON shape as ours.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& request, httplib::Response& response) {
            if (!response.body.empty())
                return httplib::Server::HandlerResponse::Unhandled;
            std::string message =
                response.status == 404 ? "no such route: " + request.path
                : response.status == 413
                    ? "the upload is larger than the collector accepts"
                    : "the request was refused (HTTP " + std::to_string(response.status) + ")";
            answer_error(response, response.status, message);
            return httplib::Server::HandlerResponse::Handled;
        }));
    server_.set_exception_handler(
        [](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
            answer_error(response, 500, "internal error");
        });
}

std::optional<std::optional<std::string>>
Collector::authorize(const httplib::Request& request, httplib::Response& response,
                     const httplib::ContentReader& read_body) {
    if (!options_.keys)
        return std::optional<std::string>();
    std::optional<std::string> key = bearer_key(request);
    std::optional<std::string> app = key ? options_.keys->app_for(*key) : std::nullopt;
    if (app)
        return app;
    discard_body(read_body, options_.max_upload_bytes);
    response.set_header("WWW-Authenticate", "Bearer");
    answer_error(response, 401, key ? "unknown upload key" : "missing 'Authorization: Bearer KEY'");
    return std::nullopt;
}

bool Collector::receive_body(const httplib::ContentReader& read_body, SpoolFile& spool,
                             httplib::Response& response) {
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(options_.upload_deadline_s);
    bool too_large = false, too_slow = false, disk_failed = false;
    bool complete = read_body([&](const char* data, size_t size) {
        request_note.body_bytes_read += size;
        // Also bounds a chunked body, which comes with no Content-Length for httplib to check.
        if (spool.size_bytes() + size > options_.max_upload_bytes)
            too_large = true;
        else if (std::chrono::steady_clock::now() > deadline)
            too_slow = true;
        else if (!spool.append(data, size))
            disk_failed = true;
        return !too_large && !too_slow && !disk_failed;
    });
    request_note.size_bytes = spool.size_bytes();
    if (too_large)
        answer_error(response, 413, "the upload is larger than the collector accepts");
    else if (too_slow)
        answer_error(response, 408, "the upload took too long to arrive");
    else if (disk_failed || !spool.close())
        answer_upload(response, error_reply(503, "cannot spool the upload: " + spool.failure()));
    else if (!complete)
        answer_error(response, 400, "the upload was cut off");
    else if (spool.size_bytes() == 0)
        answer_error(response, 400, "the upload is empty");
    else
        return true;
    return false;
}

void Collector::handle_upload(const httplib::Request& request, httplib::Response& response,
                              const httplib::ContentReader& read_body) {
    std::optional<uint64_t> length = content_length(request);
    request_note.size_bytes = length.value_or(0);
    if (length && *length > options_.max_upload_bytes) {
        // Refused before a byte of the body is read. (httplib checks its payload limit only
        // for the bodies it reads itself, not for a handler that streams them, like this one.)
        answer_error(response, 413, "the upload is larger than the collector accepts");
        return;
    }
    std::optional<std::optional<std::string>> key_app = authorize(request, response, read_body);
    if (!key_app)
        return;
    if (!import_slots_.try_acquire()) {
        discard_body(read_body, options_.max_upload_bytes);
        response.set_header("Retry-After", "1");
        answer_error(response, 429, "the collector is busy; retry later");
        return;
    }
    struct SlotRelease {
        std::counting_semaphore<>& slots;
        ~SlotRelease() { slots.release(); }
    } release{import_slots_};

    Result<SpoolFile> spool = SpoolFile::create(spool_);
    if (!spool) {
        answer_upload(response, error_reply(503, spool.error().message));
        return;
    }
    if (!receive_body(read_body, *spool, response))
        return;
    UploadReply reply = import_upload(writer_, spool->path(), *key_app, options_.bundle_limits);
    request_note.app = reply.app;
    request_note.id = reply.id;
    answer_upload(response, reply);
}

void Collector::answer_upload(httplib::Response& response, const UploadReply& reply) {
    if (reply.status == 503)
        std::fprintf(stderr, "framescope serve: %s\n", reply.error.c_str());
    {
        std::lock_guard lock(failing_mutex_);
        if (reply.status == 503)
            failing_ = reply.error;
        else if (reply.status == 200 || reply.status == 201)
            failing_.reset();
    }
    answer(response, reply);
}

void Collector::handle_health(httplib::Response& response) {
    Result<SourceId> last = writer_.check();
    std::optional<std::string> failing;
    {
        std::lock_guard lock(failing_mutex_);
        failing = failing_;
    }
    // The store may answer a read while it cannot take a write (a full disk).
    nlohmann::json health{{"status", !last     ? "store unavailable"
                                     : failing ? "store failing"
                                               : "ok"},
                          {"store_reachable", bool(last)},
                          {"version", FRAMESCOPE_VERSION}};
    if (!last)
        health["error"] = last.error().message;
    else if (failing)
        health["error"] = *failing;
    response.status = last && !failing ? 200 : 503;
    response.set_content(health.dump(), kJson);
}

Result<int> Collector::bind() {
    int port = options_.listen.port == 0
                   ? server_.bind_to_any_port(options_.listen.host)
                   : (server_.bind_to_port(options_.listen.host, options_.listen.port)
                          ? options_.listen.port
                          : -1);
    if (port < 0)
        return Error::plain("cannot listen on " + options_.listen.host + ":" +
                            std::to_string(options_.listen.port));
    head_guard_.start(port);
    return port;
}

void Collector::run() {
    server_.listen_after_bind();
    head_guard_.stop();
}

} // namespace framescope
