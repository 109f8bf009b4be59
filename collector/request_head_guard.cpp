#include "collector/request_head_guard.h"

#include <dirent.h>
#include <linux/tcp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <set>
#include <string_view>
#include <vector>

namespace framescope {
namespace {

constexpr std::chrono::milliseconds kInterval(100);

int port_of(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    return -1;
}

// "ADDRESS:PORT", the way httplib names a request's peer.
std::string peer_name(const sockaddr_storage& address, socklen_t length) {
    char host[NI_MAXHOST] = "";
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host,
                      nullptr, 0, NI_NUMERICHOST) != 0)
        return {};
    return std::string(host) + ":" + std::to_string(port_of(address));
}

// The process' open file descriptors.
std::vector<int> open_descriptors() {
    std::vector<int> fds;
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir)
        return fds;
    while (dirent* entry = ::readdir(dir)) {
        int fd = -1;
        std::string_view name = entry->d_name;
        if (std::from_chars(name.data(), name.data() + name.size(), fd).ec == std::errc() &&
            fd != ::dirfd(dir))
            fds.push_back(fd);
    }
    ::closedir(dir);
    return fds;
}

} // namespace

void RequestHeadGuard::start(int port) {
    watcher_ = std::jthread([this, port](std::stop_token stop) { watch(stop, port); });
}

void RequestHeadGuard::stop() {
    if (watcher_.joinable()) {
        watcher_.request_stop();
        wake_.notify_all();
        watcher_.join();
    }
}

void RequestHeadGuard::request_started(const std::string& peer) {
    std::lock_guard lock(mutex_);
    connections_[peer].in_request = true;
}

void RequestHeadGuard::request_done(const std::string& peer, uint64_t body_bytes) {
    std::lock_guard lock(mutex_);
    Connection& connection = connections_[peer];
    connection.in_request = false;
    connection.body_bytes += body_bytes;
}

void RequestHeadGuard::watch(std::stop_token stop, int port) {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait_for(lock, stop, kInterval, [] { return false; });
        if (stop.stop_requested())
            return;
        lock.unlock();
        check_connections(port);
        lock.lock();
    }
}

void RequestHeadGuard::check_connections(int port) {
    std::set<std::string> open;
    for (int fd : open_descriptors()) {
        struct stat status {};
        sockaddr_storage local{}, remote{};
        socklen_t local_length = sizeof local, remote_length = sizeof remote;
        tcp_info info{};
        socklen_t info_length = sizeof info;
        // A connection accepted on the port: the listening socket has no peer.
        if (::fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode) ||
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0 ||
            port_of(local) != port ||
            ::getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_length) != 0 ||
            ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &info_length) != 0)
            continue;
        std::string peer = peer_name(remote, remote_length);
        open.insert(peer);
        std::lock_guard lock(mutex_);
        Connection& connection = connections_[peer];
        if (!connection.in_request &&
            info.tcpi_bytes_received > connection.body_bytes + head_budget_)
            ::shutdown(fd, SHUT_RDWR);
    }
    std::lock_guard lock(mutex_);
    std::erase_if(connections_, [&](const auto& entry) {
        return !entry.second.in_request && !open.contains(entry.first);
    });
}

} // namespace framescope
