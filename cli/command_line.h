// A small argument reader shared by the subcommands: options in any order, values after
// "--opt VALUE" or "--opt=VALUE", everything else positional.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace framescope {

class CommandLine {
  public:
    CommandLine(int argc, char** argv, int first);

    // Takes the next argument if it is `--name`; true if it was there.
    bool flag(const std::string& name);
    // Takes `--name VALUE` or `--name=VALUE`; `missing_value` is set if VALUE is absent.
    std::optional<std::string> value(const std::string& name);

    bool done() const { return index_ >= args_.size(); }
    const std::string& peek() const { return args_[index_]; }
    std::string take() { return args_[index_++]; }
    bool missing_value = false;

  private:
    std::vector<std::string> args_;
    size_t index_ = 0;
};

} // namespace framescope
