#include "store/store_url.h"

#include <cctype>

namespace framescope {

Result<StoreKind> store_kind_of(const std::string& location) {
    size_t colon = location.find("://");
    if (colon == std::string::npos || colon == 0)
        return StoreKind::sqlite;
    std::string scheme = location.substr(0, colon);
    // RFC 3986: a letter, then letters, digits, '+', '-' or '.'. Anything else before "://"
    // is part of a file name.
    if (!std::isalpha(static_cast<unsigned char>(scheme[0])))
        return StoreKind::sqlite;
    for (char c : scheme)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return StoreKind::sqlite;
    for (char& c : scheme)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (scheme == "postgresql" || scheme == "postgres")
        return StoreKind::postgres;
    return Error::plain("unsupported store URL scheme '" + scheme + "' in '" +
                        url_for_display(location) + "' (a file path, or postgresql://)");
}

std::string url_for_display(const std::string& url) {
    size_t authority = url.find("://");
    if (authority == std::string::npos)
        return url;
    authority += 3;
    std::string shown = url;
    size_t end = shown.find_first_of("/?", authority);
    size_t at = shown.rfind('@', end == std::string::npos ? shown.size() : end);
    if (at != std::string::npos && at >= authority) {
        size_t colon = shown.find(':', authority);
        if (colon != std::string::npos && colon < at)
            shown.erase(colon, at - colon);
    }
    // Query parameters may hold a password; none of them helps to tell stores apart.
    if (size_t query = shown.find('?', authority); query != std::string::npos)
        shown.erase(query);
    return shown;
}

} // namespace framescope
