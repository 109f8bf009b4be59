// Formatting of Error, shared by every command-line and window message.

#include "core/error.h"

#include <cstdio>

namespace framescope {

std::string Error::to_string() const {
    std::string where = file;
    if (has_offset) {
        char buf[32];
        std::snprintf(buf, sizeof buf, ":0x%llx", static_cast<unsigned long long>(offset));
        where += buf;
    } else if (line > 0) {
        where += ":" + std::to_string(line);
    }
    return where.empty() ? message : where + ": " + message;
}

} // namespace framescope
