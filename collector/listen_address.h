// Where the collector listens: "HOST:PORT" (port 0 picks a free one), and whether that
// host is only reachable from this machine, which decides if uploads may come without a key.
#pragma once

#include <string>

#include "core/error.h"

namespace framescope {

inline constexpr const char* kDefaultListen = "127.0.0.1:8750";

struct ListenAddress {
    std::string host; // "127.0.0.1", "0.0.0.0", "::1" (given as "[::1]:8750")
    int port = 0;
};

// "--listen: expected HOST:PORT, got 'x'" for anything else.
Result<ListenAddress> parse_listen_address(const std::string& text);

bool is_loopback(const std::string& host);

} // namespace framescope
