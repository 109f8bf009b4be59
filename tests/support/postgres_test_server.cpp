#include "tests/support/postgres_test_server.h"

#include <filesystem>
#include <string>

#include <doctest/doctest.h>

namespace framescope::test {
namespace {

std::string server_script() {
    return FRAMESCOPE_TEST_POSTGRES_SCRIPT;
}

std::string run_script(const std::string& args) {
    CommandResult run = run_command("sh " + quote(server_script()) + " " + args, true);
    REQUIRE_MESSAGE(run.exit_code == 0, "postgres_server.sh " << args << ":\n" << run.output);
    return run.output;
}

// The server's URL from its state folder, or empty after saying why there is none.
std::string url_in(const std::filesystem::path& state) {
    if (std::filesystem::exists(state / "url")) {
        std::string url = read_text(state / "url");
        return url.substr(0, url.find('\n'));
    }
    std::string why = std::filesystem::exists(state / "unavailable")
                          ? read_text(state / "unavailable")
                          : "the test server is not running (ctest starts it: run the tests "
                            "through ctest)\n";
    MESSAGE("skipped, no PostgreSQL server: " << why);
    return {};
}

} // namespace

std::string postgres_database(const std::string& name) {
    std::filesystem::path state = FRAMESCOPE_TEST_POSTGRES_STATE;
    std::string url = url_in(state);
    if (url.empty())
        return {};
    run_script("createdb " + quote(state.string()) + " " + quote(name));
    return url.substr(0, url.rfind('/') + 1) + name;
}

PrivatePostgresServer::PrivatePostgresServer(int port_offset) {
    run_script("start " + quote((state_ / "server").string()) + " " +
               std::to_string(FRAMESCOPE_TEST_POSTGRES_PORT + port_offset));
    url_ = url_in(state_ / "server");
}

PrivatePostgresServer::~PrivatePostgresServer() {
    (void)run_command("sh " + quote(server_script()) + " stop " +
                      quote((state_ / "server").string()));
}

void PrivatePostgresServer::kill() {
    run_script("kill " + quote((state_ / "server").string()));
}

void PrivatePostgresServer::resume() {
    run_script("resume " + quote((state_ / "server").string()));
}

} // namespace framescope::test
