// py-spy dump output as people paste it (modelled on real pastes: py-spy is not installed
// here): headers, names or none, decimal and hex ids, --native and --locals, ray stack.

#include <doctest/doctest.h>

#include "loaders/hang_dumps.h"
#include "loaders/pyspy_dump.h"

namespace framescope {
namespace {

std::vector<HangDump> read(std::string_view text) {
    return read_pyspy_dumps(pasted_lines(text));
}

} // namespace

TEST_CASE("py-spy: a dump with its prompt, process and version lines, main thread by name") {
    std::vector<HangDump> dumps = read("bash-5.0# py-spy dump --pid 236\r\n"
                                       "Process 236: python3 -m app --config /config\r\n"
                                       "Python v3.8.6 (/usr/local/bin/python3.8)\r\n"
                                       "\r\n"
                                       "Thread 257 (idle): \"Thread-1\"\r\n"
                                       "    dequeue (logging/handlers.py:1431)\r\n"
                                       "    _bootstrap (threading.py:890)\r\n"
                                       "Thread 236 (active+gil): \"MainThread\"\r\n"
                                       "    select (selectors.py:468)\r\n"
                                       "    <module> (app/__main__.py:320)\r\n"
                                       "    _run_code (<frozen runpy>:88)\r\n");
    REQUIRE(dumps.size() == 1);
    const HangDump& dump = dumps.front();
    CHECK(dump.form == HangDump::Form::pyspy);
    CHECK(dump.process_id == 236);
    REQUIRE(dump.threads.size() == 2);
    CHECK(dump.threads[0].name == "Thread-1");
    CHECK(dump.threads[0].id == 257);
    const DumpThread& main = main_thread_of(dump);
    CHECK(main.name == "MainThread");
    REQUIRE(main.frames.size() == 3);
    CHECK(main.frames[0].function == "select");
    CHECK(main.frames[0].file == "selectors.py");
    CHECK(main.frames[0].line == 468);
    CHECK(main.frames[2].file == "<frozen runpy>");
    CHECK_FALSE(main.frames[2].native);
}

TEST_CASE("py-spy: without names the thread whose id is the process id is main") {
    std::vector<HangDump> dumps = read("Process 900: python worker.py\n"
                                       "Thread 901 (idle)\n"
                                       "    wait (threading.py:300)\n"
                                       "Thread 900 (idle)\n"
                                       "    recv (worker.py:10)\n");
    REQUIRE(dumps.size() == 1);
    CHECK(main_thread_of(dumps.front()).frames.front().function == "recv");
    CHECK(main_thread_of(dumps.front()).said_main);
}

TEST_CASE("py-spy: --native frames are kept in place and marked, --locals are skipped") {
    std::vector<HangDump> dumps = read("Thread 1339145 (idle): \"MainThread\"\n"
                                       "    poll (libc.so.6)\n"
                                       "    select_poll_poll_impl (selectmodule.c:678)\n"
                                       "    select (selectors.py:415)\n"
                                       "        Arguments:\n"
                                       "            self: <PollSelector at 0x7f>\n"
                                       "            timeout: (1, 2)\n"
                                       "        Locals:\n"
                                       "            ready: []\n"
                                       "    run (main.py:7)\n"
                                       "    function_executor (ray/_raylet.so)\n"
                                       "    std::_Func");
    REQUIRE(dumps.size() == 1);
    const std::vector<DumpFrame>& frames = dumps.front().threads.front().frames;
    REQUIRE(frames.size() == 5);
    CHECK(frames[0].function == "poll");
    CHECK(frames[0].file == "libc.so.6");
    CHECK(frames[0].line == 0);
    CHECK(frames[0].native);
    CHECK(frames[1].native);
    CHECK(frames[1].line == 678);
    CHECK_FALSE(frames[2].native);
    CHECK(frames[3].function == "run");
    CHECK(frames[4].native);
}

TEST_CASE("py-spy: ray stack's tab-indented dumps, one per process, main from the stack") {
    std::vector<HangDump> dumps =
        read("Stack dump for ddrl     20768  0.1  0.1 1751908 151888 pts/0  Sl   12:48 ray_worker\n"
             "Thread 0x7F4AA36D9700 (active)\n"
             "\t _periodically_flush_profile_events (ray/profiling.py:97)\n"
             "\t _bootstrap (threading.py:884)\n"
             "Thread 0x7F4AACDE7700 (active)\n"
             "\t _get_next_task_from_local_scheduler (ray/worker.py:988)\n"
             "\t <module> (ray/workers/default_worker.py:105)\n"
             "\n"
             "Stack dump for ddrl     20769  0.1  0.1 1751908 151760 pts/0  Sl   12:48 ray_worker\n"
             "Thread 0x7FB6D283A700 (active)\n"
             "\t _periodically_flush_profile_events (ray/profiling.py:97)\n"
             "\t run (threading.py:8");
    REQUIRE(dumps.size() == 2);
    CHECK(dumps[0].process_id == 20768);
    CHECK(dumps[0].threads[0].id == 0x7F4AA36D9700);
    CHECK(main_thread_of(dumps[0]).frames.front().function ==
          "_get_next_task_from_local_scheduler");
    CHECK(dumps[1].threads.size() == 1);
}

TEST_CASE("py-spy: headers with no id, elisions, cut names and repeated dumps") {
    std::vector<HangDump> dumps = read("Thread (idle): \"MainThread\"\n"
                                       "    wait (threading.py:359)\n"
                                       "    ...\n"
                                       "Thread (idle): \"Thread-... (_pin_memory_loop)\"\n"
                                       "    _poll \xe2\x86\x92 poll \xe2\x86\x92 get\n"
                                       "Thread 7 (idle): \"MainThread\"\n"
                                       "    a (x.py:1)\n"
                                       "Thread 7 (idle): \"MainThr");
    REQUIRE(dumps.size() == 2); // two threads without ids are not one thread seen twice
    CHECK(dumps[0].threads.size() == 3);
    CHECK(dumps[0].threads[0].elided);
    CHECK(dumps[0].threads[1].frames.empty());
    CHECK(dumps[1].threads[0].name == "MainThr");
}

TEST_CASE("py-spy: faulthandler and gdb thread headers are not py-spy's") {
    CHECK(
        read("Thread 0x00007f (most recent call first):\n  File \"a.py\", line 1 in f\n").empty());
    CHECK(read("Thread 31 (Thread 0x7f654cff9700 (LWP 23498)):\n").empty());
}

} // namespace framescope
