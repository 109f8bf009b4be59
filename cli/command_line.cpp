// CommandLine: reads arguments left to right, so repeated options keep their order.

#include "cli/command_line.h"

namespace framescope {

CommandLine::CommandLine(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i)
        args_.emplace_back(argv[i]);
}

bool CommandLine::flag(const std::string& name) {
    if (done() || args_[index_] != name)
        return false;
    ++index_;
    return true;
}

std::optional<std::string> CommandLine::value(const std::string& name) {
    if (done())
        return std::nullopt;
    const std::string& arg = args_[index_];
    if (arg == name) {
        if (index_ + 1 >= args_.size()) {
            missing_value = true;
            ++index_;
            return std::nullopt;
        }
        index_ += 2;
        return args_[index_ - 1];
    }
    if (arg.size() > name.size() && arg.compare(0, name.size(), name) == 0 &&
        arg[name.size()] == '=') {
        ++index_;
        return arg.substr(name.size() + 1);
    }
    return std::nullopt;
}

} // namespace framescope
