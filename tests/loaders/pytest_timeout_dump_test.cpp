// pytest-timeout's thread dumps: written by Python with pytest-timeout's own layout (its
// dump_stacks and pytest's title centring), and as CI logs and pastes hand them over.

#include <doctest/doctest.h>

#include "loaders/pytest_timeout_dump.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::vector<HangDump> read(std::string_view text) {
    return read_pytest_timeout_dumps(pasted_lines(text));
}

} // namespace

TEST_CASE("pytest-timeout: stacks written by Python, main thread innermost first") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_thread_dumps.py", {dir.path().string()});
    std::vector<HangDump> dumps = read(test::read_text(dir / "pytest_timeout.txt"));
    REQUIRE(dumps.size() == 1); // the closing banner does not open another
    const HangDump& dump = dumps.front();
    CHECK(dump.kind == HangDump::Kind::timeout);
    REQUIRE(dump.threads.size() == 2);
    CHECK(dump.threads[0].name == "worker");
    CHECK(dump.threads[0].id != 0);
    const DumpThread& main = main_thread_of(dump);
    CHECK(main.name == "MainThread");
    REQUIRE(main.frames.size() >= 4);
    CHECK(main.frames[0].function == "wait");
    CHECK(main.frames[0].file.ends_with("threading.py"));
    CHECK(main.frames.back().function == "<module>");
    CHECK(dump.threads[0].frames.back().function == "_bootstrap");
}

TEST_CASE("pytest-timeout: banner after other text, timestamps, indentation, wide titles") {
    std::string stamp = "2024-07-24T22:22:42.4273438Z ";
    std::vector<HangDump> dumps = read(
        stamp + "tests/test_x.py ++++++++++++ Timeout +++++++++++++\n" + stamp +
        "    ~~~~~~~~ Stack of MainThread (2168) ~~~~~~~~~\n" + stamp +
        "      File \"<frozen runpy>\", line 198, in _run_module_as_main\n" + stamp +
        "      File \"C:\\app\\run.py\", line 10, in <module>\n" + stamp +
        "        sys.exit(main())\n" + stamp + "                 ^^^^^^\n" + stamp +
        "      File \"C:\\app\\run.py\", line 4, in main\n" + stamp + "        time.sleep(100)\n" +
        stamp + " Stack of AsyncProcess Dask Worker process (from Nanny) (1235) \n" + stamp +
        "      File \"C:\\app\\w.py\", line 1, in watch\n" + stamp +
        "~~~~~~~~~~~~~~~~~~~~~~~~ Captured stderr ~~~~~~~~~~~~~~~~~~~~~~~~\n" + stamp +
        "  File \"log.py\", line 1, in not_a_thread\n");
    REQUIRE(dumps.size() == 1);
    REQUIRE(dumps[0].threads.size() == 2);
    const DumpThread& main = main_thread_of(dumps[0]);
    CHECK(main.id == 2168);
    REQUIRE(main.frames.size() == 3);
    CHECK(main.frames[0].function == "main");
    CHECK(main.frames[0].file == "C:\\app\\run.py");
    CHECK(main.frames[2].file == "<frozen runpy>");
    CHECK(dumps[0].threads[1].name == "AsyncProcess Dask Worker process (from Nanny)");
    CHECK(dumps[0].threads[1].frames.size() == 1);
}

TEST_CASE("pytest-timeout: a fragment's leading frames are a thread of their own") {
    std::vector<HangDump> dumps =
        read("~~~~~~~~~~~~\n"
             "    events = poll(poll_timeout)\n"
             "  File \"/k/eventio.py\", line 83, in poll\n"
             "    return self._epoll.poll(timeout)\n"
             "~~~~~~~~ Stack of Thread-1 (_monitor) (140051882698432) ~~~~~~~~\n"
             "  File \"/py/threading.py\", line 973, in _bootstrap\n"
             "    self._bootstrap_inner()\n"
             "  File \"/opt/hostedt");
    REQUIRE(dumps.size() == 1);
    REQUIRE(dumps[0].threads.size() == 2);
    CHECK(dumps[0].threads[0].frames.front().function == "poll");
    CHECK(dumps[0].threads[1].name == "Thread-1 (_monitor)");
    CHECK(dumps[0].threads[1].frames.size() == 1);
}

TEST_CASE("pytest-timeout: crash tracebacks and other titles are not dumps") {
    CHECK(read("Traceback (most recent call last):\n"
               "  File \"a.py\", line 1, in <module>\n"
               "ValueError: x\n"
               "________________ test_x ________________\n")
              .empty());
}

} // namespace framescope
