#include "collector/api_keys.h"

#include <fstream>
#include <sstream>

namespace framescope {
namespace {

bool same_key(std::string_view a, std::string_view b) {
    unsigned char differ = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < a.size(); ++i)
        differ |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
    return differ == 0;
}

} // namespace

Result<ApiKeys> ApiKeys::read(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return Error::plain(path + ": cannot read the keys file");
    ApiKeys keys;
    std::string line;
    for (uint32_t number = 1; std::getline(in, line); ++number) {
        std::istringstream fields(line);
        std::string key, app, extra;
        if (!(fields >> key) || key.starts_with('#'))
            continue;
        if (!(fields >> app) || (fields >> extra))
            return Error::at_line(path, number, "expected 'KEY APP'");
        for (const Entry& entry : keys.entries_)
            if (entry.key == key)
                return Error::at_line(path, number, "the same key is listed twice");
        keys.entries_.push_back({std::move(key), std::move(app)});
    }
    if (keys.entries_.empty())
        return Error::plain(path + ": no keys in the keys file");
    return keys;
}

std::optional<std::string> ApiKeys::app_for(std::string_view key) const {
    std::optional<std::string> app;
    for (const Entry& entry : entries_)
        if (same_key(entry.key, key))
            app = entry.app;
    return app;
}

} // namespace framescope
