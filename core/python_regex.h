// Python's regular expressions (the re module) as pstats users and the window's search type
// them, matched by PCRE2, which reads Python's syntax: (?i) and the other inline flags,
// (?P<name>...) and (?P=name), lookbehind, verbose mode, \A; Python's \Z (the very end) is
// read as Python means it. A search that backtracks too long gives up instead of hanging.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace framescope {

class PythonRegex {
  public:
    enum class Match {
        no,
        yes,
        gave_up, // too much backtracking ("(.*)*X$" on a long line): neither
    };

    // The error names the pattern and where in it: "missing closing parenthesis at 9".
    static Result<PythonRegex> compile(std::string_view pattern, bool ignore_case = false);

    // re.search: a match anywhere in `text`. Safe to call from several threads at once.
    Match search(std::string_view text) const;

  private:
    struct Compiled;
    std::shared_ptr<const Compiled> compiled_;
};

} // namespace framescope
