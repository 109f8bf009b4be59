// Bounds what a connection may send besides the bodies the collector reads. Debian's
// cpp-httplib 0.11.4 answers a request line over 8 KiB 414 and a header line over 8 KiB 400,
// but reads header lines as long as they come: a client streaming headers without end
// would grow the collector's memory without bound. This guard looks at the collector's
// connections every 100 ms (the process' sockets on the listening port, each with its
// peer and the bytes TCP received on it) and shuts down any that, while no request of its
// is being handled, received more than `head_budget` bytes besides the bodies its requests
// had read: httplib's read then fails and the connection is dropped with what it held.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace framescope {

class RequestHeadGuard {
  public:
    explicit RequestHeadGuard(uint64_t head_budget) : head_budget_(head_budget) {}
    ~RequestHeadGuard() { stop(); }
    RequestHeadGuard(const RequestHeadGuard&) = delete;
    RequestHeadGuard& operator=(const RequestHeadGuard&) = delete;

    // Starts watching the connections accepted on `port`.
    void start(int port);
    void stop(); // returns once the watching ended

    // A request of the connection from `peer` ("ADDRESS:PORT", as httplib gives them) has
    // its head read and is being handled: its body is the handler's to bound.
    void request_started(const std::string& peer);
    // ... and is answered, having read `body_bytes`.
    void request_done(const std::string& peer, uint64_t body_bytes);

  private:
    struct Connection {
        bool in_request = false;
        uint64_t body_bytes = 0;
    };
    void watch(std::stop_token stop, int port);
    void check_connections(int port);

    const uint64_t head_budget_;
    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::map<std::string, Connection> connections_; // by peer
    std::jthread watcher_;
};

} // namespace framescope
