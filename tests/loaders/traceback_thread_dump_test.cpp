// Thread dumps applications print with the traceback module, written by Python at test time
// the ways watchdogs and gunicorn's worker_abort hook write them; pystack's form by hand.

#include <doctest/doctest.h>

#include "loaders/traceback_thread_dump.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::vector<HangDump> read(std::string_view text) {
    return read_traceback_thread_dumps(pasted_lines(text));
}

} // namespace

TEST_CASE("watchdog dumps written by Python: every layout gives the main thread's wait") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_thread_dumps.py", {dir.path().string()});
    for (const char* file : {"watchdog_hash.txt", "watchdog_stack.txt", "watchdog_first.txt"}) {
        INFO(file);
        std::vector<HangDump> dumps = read(test::read_text(dir / file));
        REQUIRE(dumps.size() == 1);
        REQUIRE(dumps[0].threads.size() == 2);
        CHECK(dumps[0].threads[0].id != 0);
        const DumpThread& main = main_thread_of(dumps[0]);
        CHECK(&main == &dumps[0].threads[1]);
        REQUIRE(main.frames.size() >= 4);
        CHECK(main.frames[0].function == "wait");
        CHECK(main.frames[2].function == "wait_for_reply");
        CHECK(main.frames.back().function == "<module>");
        CHECK(dumps[0].threads[0].frames.back().function == "_bootstrap");
    }
    std::vector<HangDump> named = read(test::read_text(dir / "watchdog_hash.txt"));
    CHECK(named[0].threads[0].name == "worker");
    CHECK(named[0].threads[1].name == "MainThread");
}

TEST_CASE("gunicorn WORKER TIMEOUT: the worker's own stack with no header is its main thread") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_thread_dumps.py", {dir.path().string()});
    std::string text = test::read_text(dir / "gunicorn.txt");
    std::string prefixed;
    for (size_t begin = 0; begin < text.size();) { // as docker compose shows it
        size_t end = text.find('\n', begin);
        prefixed += "koku_server  | " + text.substr(begin, end - begin + 1);
        begin = end == std::string::npos ? text.size() : end + 1;
    }
    for (const std::string& paste : {text, prefixed}) {
        std::vector<HangDump> dumps = read(paste);
        REQUIRE(dumps.size() == 1);
        CHECK(dumps[0].kind == HangDump::Kind::timeout);
        CHECK(dumps[0].process_id != 0);
        REQUIRE(dumps[0].threads.size() == 1);
        const DumpThread& worker = dumps[0].threads[0];
        CHECK(worker.said_main);
        REQUIRE(worker.frames.size() == 3);
        CHECK(worker.frames[0].function == "slow_query");
        CHECK(worker.frames[2].function == "<module>");
    }
}

TEST_CASE("pystack: Traceback for thread headers, (Python) and (C) frames, outermost first") {
    std::vector<HangDump> dumps =
        read("Dumping threads for process 1904\n"
             "Traceback for thread 2175 (python3.12) [Has the GIL] (most recent call last):\n"
             "    (Python) File \"/usr/lib/python3.12/threading.py\", line 1032, in _bootstrap\n"
             "        self._bootstrap_inner()\n"
             "    (Python) File \"/usr/lib/python3.12/socketserver.py\", line 240, in serve\n"
             "        self._handle_request_noblock()\n"
             "    (C) File \"Modules/selectmodule.c\", line 678, in poll_impl (select.so)\n"
             "\n"
             "Traceback for thread 1904 (python3.12) [] (most recent call last):\n"
             "    (Python) File \"/app/main.py\", line 3, in <module>\n"
             "        serve()\n"
             "    (Python) File \"/app/main.py\", line 1, in ser");
    REQUIRE(dumps.size() == 1);
    REQUIRE(dumps[0].threads.size() == 2);
    const DumpThread& server = dumps[0].threads[0];
    CHECK(server.id == 2175);
    REQUIRE(server.frames.size() == 3);
    CHECK(server.frames[0].function == "poll_impl");
    CHECK(server.frames[0].native);
    CHECK(server.frames[1].function == "serve");
    CHECK(main_thread_of(dumps[0]).id == 1904);
}

TEST_CASE("watchdog headers: names and ids in each spelling") {
    std::vector<HangDump> dumps = read("# Thread: AnyIO worker thread(139346227918400)\n"
                                       "File: \"/q.py\", line 171, in get\n"
                                       "  self.not_empty.wait()\n"
                                       "# ThreadID: 42\n"
                                       "File: \"/a.py\", line 1, in f\n"
                                       "--- Stack for thread 7 (MainThread) ---\n"
                                       "  File \"/m.py\", line 2, in <module>\n");
    REQUIRE(dumps.size() == 1);
    REQUIRE(dumps[0].threads.size() == 3);
    CHECK(dumps[0].threads[0].name == "AnyIO worker thread");
    CHECK(dumps[0].threads[0].id == 139346227918400);
    CHECK(dumps[0].threads[1].id == 42);
    CHECK(dumps[0].threads[2].name == "MainThread");
    CHECK(dumps[0].threads[2].id == 7);
    CHECK(
        read("Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\n").empty());
}

} // namespace framescope
