// Helpers shared by the tests: temporary directories, running commands (python3 fixtures,
// the framescope binary) and reading files. Paths of tools come from CMake definitions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace framescope {
class Database;
}

namespace framescope::test {

struct CommandResult {
    int exit_code;
    std::string output; // stdout, and stderr when `merge_stderr`
};

// Runs `command` through /bin/sh.
CommandResult run_command(const std::string& command, bool merge_stderr = false);

// python3 -c SCRIPT ARG...: a few lines of Python that write or check test data.
CommandResult run_python3(const std::string& script, const std::vector<std::string>& args);

// Runs a fixture script from tests/fixtures with the given interpreter; REQUIREs success.
void run_fixture(const std::string& interpreter, const std::string& script,
                 const std::vector<std::string>& args);

std::string quote(const std::string& text); // for /bin/sh
std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

// Interpreters and places known at build time; pypy3() is empty when not installed.
std::string python3();
std::string pypy3();
std::vector<std::string> interpreters(); // python3, and pypy3 where installed
std::string framescope_binary();
std::filesystem::path fixtures_dir();
std::filesystem::path recorder_dir(); // recorder/, the Python side
std::filesystem::path samples_dir();  // samples/, the committed samples
// ../shared/corpus beside the repository, or empty when it is not there.
std::filesystem::path corpus_dir();
// Another real corpus beside it (crash-corpus, hang-corpus), or empty when it is not there.
std::filesystem::path shared_corpus_dir(const std::string& name);
// A corpus' truth.tsv: one map per row, from column name to field.
std::vector<std::map<std::string, std::string>> read_tsv(const std::filesystem::path& path);

int64_t count_rows(Database& db, const char* table);

// A fresh directory, removed with everything in it at the end of the scope.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

} // namespace framescope::test
