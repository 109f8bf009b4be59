// The PostgreSQL servers the tests run against: the one ctest starts before them and stops
// after them (the postgres_server fixture, tests/support/postgres_server.sh), shared by
// tests that each take their own database, and private ones for tests that stop theirs.
#pragma once

#include <string>

#include "tests/support/test_support.h"

namespace framescope::test {

// The URL of a new, empty database `name` on the shared server; empty when there is no
// server, after a MESSAGE saying why the test is skipped.
std::string postgres_database(const std::string& name);

// A server of one test's own, on a port beside the shared one's: started on construction,
// stopped (its data removed) at the end of the scope.
class PrivatePostgresServer {
  public:
    explicit PrivatePostgresServer(int port_offset);
    ~PrivatePostgresServer();
    PrivatePostgresServer(const PrivatePostgresServer&) = delete;
    PrivatePostgresServer& operator=(const PrivatePostgresServer&) = delete;

    // Empty when it could not start, after a MESSAGE saying why the test is skipped.
    const std::string& url() const { return url_; }
    void kill();   // stops it at once, as a crash would
    void resume(); // starts it again on the same data

  private:
    TempDir state_;
    std::string url_;
};

} // namespace framescope::test
