#include "tests/support/serve_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <sstream>

#include <doctest/doctest.h>

#include "tests/support/test_support.h"

extern char** environ;

namespace framescope::test {
namespace {

// Reads what the child prints on the pipe until a line starts with "listening on ".
int read_port(int fd) {
    std::string printed;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, 100) <= 0)
            continue;
        char buffer[256];
        ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got <= 0)
            break;
        printed.append(buffer, size_t(got));
        if (size_t at = printed.find("listening on 127.0.0.1:"); at != std::string::npos) {
            size_t end = printed.find('\n', at);
            if (end != std::string::npos)
                return std::stoi(printed.substr(at + 23, end - at - 23));
        }
    }
    FAIL("framescope serve did not print its port: " << printed);
    return 0;
}

} // namespace

ServeProcess::ServeProcess(const std::string& db, const std::filesystem::path& log_path,
                           const std::vector<std::string>& extra,
                           const std::vector<std::string>& environment) {
    // A server may answer and close before the client has sent the whole body (a 413 from
    // Content-Length); the client's write then fails instead of killing the tests.
    ::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args = {framescope_binary(), "serve",      "--db", db,
                                     "--listen",          "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (std::string& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> variables = environment;
    for (char** variable = environ; *variable; ++variable) {
        std::string_view name(*variable, std::strcspn(*variable, "="));
        if (std::none_of(environment.begin(), environment.end(), [&](const std::string& set) {
                return set.starts_with(name) && set.size() > name.size() && set[name.size()] == '=';
            }))
            variables.emplace_back(*variable);
    }
    std::vector<char*> envp;
    for (std::string& variable : variables)
        envp.push_back(variable.data());
    envp.push_back(nullptr);

    int out[2];
    REQUIRE(::pipe(out) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    REQUIRE_MESSAGE(spawned == 0, "cannot run " << args[0]);
    port_ = read_port(out[0]);
    ::close(out[0]); // later lines, if any, go nowhere: the child ignores SIGPIPE
}

ServeProcess::~ServeProcess() {
    if (pid_ > 0)
        stop(SIGKILL);
}

httplib::Client ServeProcess::client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(60, 0);
    client.set_write_timeout(60, 0);
    return client;
}

int ServeProcess::stop(int signal) {
    if (pid_ <= 0)
        return -1;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

FailedStart serve_without_listening(const std::vector<std::string>& args) {
    std::string command = quote(framescope_binary()) + " serve";
    for (const std::string& arg : args)
        command += " " + quote(arg);
    CommandResult result = run_command("timeout 20 " + command, true);
    return {result.exit_code, result.output};
}

httplib::Result upload_file(httplib::Client& client, const std::filesystem::path& path,
                            const std::string& key) {
    httplib::Headers headers;
    if (!key.empty())
        headers.emplace("Authorization", "Bearer " + key);
    return client.Post("/api/v1/bundles", headers, read_text(path), "application/octet-stream");
}

int64_t peak_memory_kib(int pid) {
    std::istringstream status(read_text("/proc/" + std::to_string(pid) + "/status"));
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("VmHWM:"))
            return std::stoll(line.substr(6));
    return -1;
}

std::vector<std::string> stored_sources(const std::string& db) {
    CommandResult listed = run_command(quote(framescope_binary()) + " list --db " + quote(db));
    REQUIRE(listed.exit_code == 0);
    std::vector<std::string> lines;
    std::istringstream in(listed.output);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

} // namespace framescope::test
