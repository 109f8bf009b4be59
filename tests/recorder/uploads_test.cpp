// The recorder's uploads, run for real on CPython and PyPy against a stand-in collector that
// speaks `framescope serve`'s protocol (tests/fixtures/collector_stub.py): each case runs one
// check of tests/recorder/upload_checks.py, which says what went wrong when it fails.

#include <doctest/doctest.h>

#include <string>

#include "tests/support/test_support.h"

namespace framescope {
namespace {

void run_upload_check(const std::string& check) {
    const std::string script =
        (test::fixtures_dir() / ".." / "recorder" / "upload_checks.py").string();
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::CommandResult result =
            test::run_command(test::quote(test::python3()) + " " + test::quote(script) + " " +
                                  check + " " + test::quote(interpreter),
                              true);
        CHECK_MESSAGE(result.exit_code == 0, result.output);
    }
}

} // namespace

TEST_CASE("recorder uploads: nothing is sent without the user's consent") {
    run_upload_check("nothing_sent_without_consent");
}

TEST_CASE("recorder uploads: nothing is sent without an upload URL") {
    run_upload_check("nothing_sent_without_url");
}

TEST_CASE("recorder uploads: the next start sends earlier sessions' bundles, exit its own") {
    run_upload_check("next_start_sends_earlier_bundles");
}

TEST_CASE("recorder uploads: a bundle that could not go while offline goes once online") {
    run_upload_check("offline_then_online");
}

TEST_CASE("recorder uploads: a busy collector (503, 429) is tried again after a backoff") {
    run_upload_check("busy_collector_is_tried_again");
}

TEST_CASE("recorder uploads: a bundle the collector already stored (200) is removed too") {
    run_upload_check("already_stored_is_acknowledged");
}

TEST_CASE("recorder uploads: bundles stay until acknowledged; a refused one is kept, not resent") {
    run_upload_check("kept_until_acknowledged");
}

TEST_CASE("recorder uploads: local reports are bounded to the newest max_local_mb") {
    run_upload_check("local_reports_are_bounded");
}

TEST_CASE("recorder uploads: the main loop never waits on the network") {
    run_upload_check("main_loop_never_waits");
}

} // namespace framescope
