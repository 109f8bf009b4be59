// Crash text as a session: the log lines a program wrote before it crashed (the logging
// module's, with their time stamps) are the session's log tail, the breadcrumbs the crash
// page shows; the report's own lines and what came after the crash are not.

#include <algorithm>

#include <doctest/doctest.h>

#include "loaders/text_report_loader.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("text report loader: the log lines before the crash are the session's log tail") {
    test::TempDir dir;
    test::write_text(dir / "app.py", "import logging, sys\n"
                                     "logging.basicConfig(format='%(asctime)s %(levelname)s "
                                     "%(message)s', stream=sys.stderr, level=logging.INFO)\n"
                                     "logging.info('loading cart')\n"
                                     "logging.warning('cart is empty')\n"
                                     "def total(cart):\n"
                                     "    return sum(cart) / len(cart)\n"
                                     "total([])\n");
    std::string log = (dir / "crash.log").string();
    test::CommandResult crashed =
        test::run_command(test::quote(test::python3()) + " " +
                          test::quote((dir / "app.py").string()) + " 2>" + test::quote(log));
    REQUIRE(crashed.exit_code != 0);
    test::write_text(log, test::read_text(log) + "[2026-11-20 10:00:01] restarting\n");

    Result<ReportBundle> session = load_text_report_file(log, InputKind::crash_text);
    REQUIRE(session);
    REQUIRE(session->crashes.size() == 1);
    const std::string& tail = session->log_tail;
    CHECK(tail.find("INFO loading cart\n") != std::string::npos);
    CHECK(tail.find("WARNING cart is empty\n") != std::string::npos);
    CHECK(tail.find("Traceback") == std::string::npos);
    CHECK(tail.find("restarting") == std::string::npos); // after the crash
    CHECK(std::count(tail.begin(), tail.end(), '\n') == 2);

    // A paste of the report alone has none.
    std::string report = session->crashes[0].text;
    CHECK(load_text_report(report, "pasted.txt", InputKind::crash_text).log_tail.empty());
}

} // namespace framescope
