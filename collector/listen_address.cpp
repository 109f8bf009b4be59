#include "collector/listen_address.h"

#include <charconv>

namespace framescope {

Result<ListenAddress> parse_listen_address(const std::string& text) {
    auto bad = [&] { return Error::plain("--listen: expected HOST:PORT, got '" + text + "'"); };
    size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return bad();
    ListenAddress address{text.substr(0, colon), 0};
    if (address.host.starts_with('[') && address.host.ends_with(']'))
        address.host = address.host.substr(1, address.host.size() - 2);
    const char* first = text.data() + colon + 1;
    const char* last = text.data() + text.size();
    auto [end, error] = std::from_chars(first, last, address.port);
    if (error != std::errc() || end != last || first == last || address.port < 0 ||
        address.port > 65535 || address.host.empty())
        return bad();
    return address;
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

} // namespace framescope
