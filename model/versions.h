// Versions as reports list them: the application's ("1.10.2") and the interpreter's, named
// as a user reads it ("CPython 3.12.1"), ordered oldest first so that a list's front is
// where a bug or a hang first shows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace framescope {

// Dotted versions compare number by number: "1.10" is after "1.9".
bool version_before(const std::string& a, const std::string& b);

// "CPython 3.12.1" from a session's "cpython" and "3.12.1"; "PyPy" without a version; empty
// when neither is known.
std::string interpreter_label(std::string_view interpreter, std::string_view python_version);

// By interpreter, then by version: "CPython 3.9.2" before "CPython 3.12.1" before "PyPy 3.9".
bool interpreter_before(const std::string& a, const std::string& b);

// The oldest of each interpreter in `sorted` (sorted by interpreter_before): where a finding
// was first seen on CPython and where on PyPy.
std::vector<std::string> first_of_each_interpreter(const std::vector<std::string>& sorted);

// The versions in `all` (of every session read) older than the oldest in `seen` (sorted
// oldest first): a finding first seen in 2.1 that sessions on 2.0 do not show began with 2.1.
std::vector<std::string> versions_before_first(const std::vector<std::string>& seen,
                                               const std::vector<std::string>& all);
// The same for interpreters, each against the oldest version of its own interpreter seen.
std::vector<std::string> interpreters_before_first(const std::vector<std::string>& seen,
                                                   const std::vector<std::string>& all);

} // namespace framescope
