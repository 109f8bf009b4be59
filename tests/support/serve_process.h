// `framescope serve` run for real by the collector's tests: started as a child process on
// 127.0.0.1:0, its port read from the line it prints, its log kept in a file, stopped with
// the signal a test chooses. And the uploads those tests send, with httplib's client.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <httplib.h>

namespace framescope::test {

class ServeProcess {
  public:
    // Runs `framescope serve --db DB --listen 127.0.0.1:0 EXTRA...` (DB a file or a
    // postgresql:// URL), its stderr into `log_path`; REQUIREs that it prints
    // "listening on 127.0.0.1:PORT" within 30 s. `environment`: NAME=VALUE entries that
    // replace or add to the tests' own.
    ServeProcess(const std::string& db, const std::filesystem::path& log_path,
                 const std::vector<std::string>& extra = {},
                 const std::vector<std::string>& environment = {});
    ~ServeProcess(); // SIGKILL, if still running
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    int port() const { return port_; }
    int pid() const { return pid_; }
    httplib::Client client() const; // timeouts suited to tests
    // Sends `signal`, waits for the exit; the exit code, or 128 + signal when killed by one.
    int stop(int signal);

  private:
    int pid_ = -1;
    int port_ = 0;
};

// The result of a process that ended with `framescope serve` never listening: its exit
// code and what it printed (stdout and stderr).
struct FailedStart {
    int exit_code;
    std::string output;
};
FailedStart serve_without_listening(const std::vector<std::string>& args);

// POSTs the file at `path` to /api/v1/bundles, with `key` as the bearer key unless empty.
httplib::Result upload_file(httplib::Client& client, const std::filesystem::path& path,
                            const std::string& key = "");

// The process' peak resident memory (VmHWM), in KiB.
int64_t peak_memory_kib(int pid);

// The sources `framescope list --db DB` prints, one per line.
std::vector<std::string> stored_sources(const std::string& db);

} // namespace framescope::test
