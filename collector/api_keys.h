// The collector's upload keys: a file of `KEY APP` lines, each key allowed to upload for one
// application. The file is read once at startup; a line that is not a key and an app is an
// error naming it, so that a typo refuses to start rather than locking someone out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace framescope {

class ApiKeys {
  public:
    // Lines "KEY APP"; blank lines and lines starting with '#' are skipped.
    static Result<ApiKeys> read(const std::string& path);

    // The app `key` may upload for, if it is one of the keys. Compares every key in full,
    // so the time taken says nothing about how much of a key was right.
    std::optional<std::string> app_for(std::string_view key) const;
    size_t size() const { return entries_.size(); }

  private:
    struct Entry {
        std::string key;
        std::string app;
    };
    std::vector<Entry> entries_;
};

} // namespace framescope
