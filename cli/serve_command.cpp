// framescope serve: the collector, run until SIGTERM or SIGINT. Signals are taken by one
// thread (sigwait), which asks the server to stop: it stops accepting, answers what it
// accepted, and the process exits 0. Nothing is acknowledged before it is committed, so
// SIGKILL loses only uploads that were never answered.

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "collector/collector_server.h"

namespace framescope {
namespace {

constexpr const char* kServeUsage =
    "usage: framescope serve [--db PATH|URL] [--listen HOST:PORT] [--keys FILE]\n"
    "                        [--threads N] [--max-imports N] [--max-upload-mb N]\n"
    "                        [--read-timeout SECONDS]\n"
    "  Collects report bundles (.zip, .tar.gz), profiles and crash reports that applications\n"
    "  POST to /api/v1/bundles and stores them in the database, as 'import' does; GET\n"
    "  /api/v1/health says whether the store answers. --listen defaults to 127.0.0.1:8750\n"
    "  (port 0: any free port; the one taken is printed). --keys FILE: lines 'KEY APP'; a\n"
    "  request needs 'Authorization: Bearer KEY', and a bundle must be from the key's app.\n"
    "  Without --keys, uploads need no key, and only a loopback address may be listened on.\n"
    "  --threads: connections served at once (16); --max-imports: uploads received and\n"
    "  parsed at once, more get 429 (8); --max-upload-mb: the largest upload (16);\n"
    "  --read-timeout: how long a client may stay silent mid-request (10).\n";

std::optional<size_t> positive_number(const std::string& option, const std::string& text) {
    size_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value == 0) {
        std::fprintf(stderr, "framescope serve: %s: expected a positive number, got '%s'\n",
                     option.c_str(), text.c_str());
        return std::nullopt;
    }
    return value;
}

std::string printable(const ListenAddress& address, int port) {
    bool ipv6 = address.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(port);
}

// Parses the arguments into `options`; returns the exit code when serving should not start.
std::optional<int> read_options(int argc, char** argv, CollectorOptions& options) {
    CommandLine args(argc, argv, 2);
    std::string listen = kDefaultListen;
    std::optional<std::string> db_path, keys_path;
    while (!args.done()) {
        if (auto v = args.value("--db")) {
            db_path = *v;
        } else if (auto v = args.value("--listen")) {
            listen = *v;
        } else if (auto v = args.value("--keys")) {
            keys_path = *v;
        } else if (auto v = args.value("--threads")) {
            std::optional<size_t> n = positive_number("--threads", *v);
            if (!n)
                return 2;
            options.threads = *n;
        } else if (auto v = args.value("--max-imports")) {
            std::optional<size_t> n = positive_number("--max-imports", *v);
            if (!n)
                return 2;
            options.max_imports = *n;
        } else if (auto v = args.value("--max-upload-mb")) {
            std::optional<size_t> n = positive_number("--max-upload-mb", *v);
            if (!n)
                return 2;
            options.max_upload_bytes = uint64_t(*n) << 20;
        } else if (auto v = args.value("--read-timeout")) {
            std::optional<size_t> n = positive_number("--read-timeout", *v);
            if (!n)
                return 2;
            options.read_timeout_s = int(*n);
        } else if (args.flag("--help") || args.flag("-h")) {
            std::fputs(kServeUsage, stdout);
            return 0;
        } else {
            std::fputs(kServeUsage, stderr);
            return 2;
        }
    }
    Result<ListenAddress> address = parse_listen_address(listen);
    if (!address) {
        std::fprintf(stderr, "framescope serve: %s\n", address.error().to_string().c_str());
        return 2;
    }
    options.listen = *address;
    options.db_path = db_path.value_or(default_database_path());
    if (keys_path) {
        Result<ApiKeys> keys = ApiKeys::read(*keys_path);
        if (!keys) {
            std::fprintf(stderr, "framescope serve: %s\n", keys.error().to_string().c_str());
            return 2;
        }
        options.keys = std::move(*keys);
    } else if (!is_loopback(options.listen.host)) {
        std::fprintf(stderr,
                     "framescope serve: --keys FILE is needed to listen on %s: without keys, "
                     "uploads are taken from this machine only\n",
                     options.listen.host.c_str());
        return 2;
    }
    return std::nullopt;
}

} // namespace

int run_serve_command(int argc, char** argv) {
    CollectorOptions options;
    if (std::optional<int> exit_code = read_options(argc, argv, options))
        return *exit_code;

    // Blocked before any thread starts, so every thread inherits the mask and only the
    // signal thread below takes them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN); // a client gone mid-answer is an error on its socket only
    // A write past a file-size limit (ulimit -f) fails with EFBIG, answered like a full disk,
    // instead of killing the collector.
    signal(SIGXFSZ, SIG_IGN);

    Result<std::unique_ptr<Collector>> collector = Collector::create(options);
    if (!collector) {
        std::fprintf(stderr, "framescope serve: %s\n", collector.error().to_string().c_str());
        return 1;
    }
    Result<int> port = (*collector)->bind();
    if (!port) {
        std::fprintf(stderr, "framescope serve: %s\n", port.error().to_string().c_str());
        return 1;
    }
    std::fprintf(stderr, "framescope serve: storing in %s; %s\n", options.db_path.c_str(),
                 options.keys ? (std::to_string(options.keys->size()) + " upload keys").c_str()
                              : "no --keys: uploads need no key (loopback only)");
    std::printf("listening on %s\n", printable(options.listen, *port).c_str());
    std::fflush(stdout);

    Collector& server = **collector;
    std::atomic<bool> served = false;
    std::thread signal_thread([&] {
        int taken = 0;
        sigwait(&stop_signals, &taken);
        // A stop asked for before the server started accepting does nothing: ask until
        // run() returns.
        while (!served) {
            server.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    server.run();
    served = true;
    // run() also returns when listening fails; wake the signal thread if it still waits.
    pthread_kill(signal_thread.native_handle(), SIGTERM);
    signal_thread.join();
    std::fputs("framescope serve: stopped\n", stderr);
    return 0;
}

} // namespace framescope
