// gdb's Python stacks (py-bt, thread apply all py-bt, old frame lines) as pasted; modelled
// on real pastes, gdb is not installed here.

#include <doctest/doctest.h>

#include "loaders/gdb_py_bt.h"

namespace framescope {
namespace {

std::vector<HangDump> read(std::string_view text) {
    return read_gdb_dumps(pasted_lines(text));
}

} // namespace

TEST_CASE("gdb: thread apply all py-bt, pseudo-frames skipped, thread 1 is main") {
    std::vector<HangDump> dumps =
        read("(gdb) thread apply all py-bt\n"
             "\n"
             "Thread 2 (Thread 0x7f654cff9700 (LWP 23498)):\n"
             "Traceback (most recent call first):\n"
             "  <built-in method __enter__ of _thread.RLock object at remote 0x7f65684549f0>\n"
             "  File \"/app/attr.py\", line 511, in poll\n"
             "    with self.__read_lock:\n"
             "  File \"/usr/lib/python3.5/threading.py\", line 862, in run\n"
             "    self._target(*self._args, **self._kwargs)\n"
             "\n"
             "Thread 1 (Thread 0x7f6570b3c700 (LWP 23467) \"python3\"):\n"
             "Traceback (most recent call first):\n"
             "  Waiting for the GIL\n"
             "  <built-in method acquire of _thread.lock object at remote 0x7f0e5dc63198>\n"
             "  File \"/usr/lib/python3.6/threading.py\", line 1072, in _wait_for_tstate_lock\n"
             "    elif lock.acquire(block, timeout):\n"
             "  File \"/app/server.py\", line 618, in start_server\n"
             "    child.join()\n"
             "(gdb) ");
    REQUIRE(dumps.size() == 1);
    const HangDump& dump = dumps.front();
    CHECK(dump.form == HangDump::Form::gdb);
    REQUIRE(dump.threads.size() == 2);
    CHECK(dump.threads[0].id == 0x7f654cff9700);
    CHECK(dump.threads[0].frames.front().function == "poll");
    CHECK(dump.threads[0].frames.size() == 2);
    const DumpThread& main = main_thread_of(dump);
    CHECK(main.said_main);
    CHECK(main.name == "python3");
    REQUIRE(main.frames.size() == 2);
    CHECK(main.frames[0].function == "_wait_for_tstate_lock");
    CHECK(main.frames[1].function == "start_server");
}

TEST_CASE("gdb: a headerless py-bt after a stop line, cut after a frame") {
    std::vector<HangDump> dumps =
        read("0x00007f653b6ebd76 in futex_abstimed_wait_cancelable (private=0) at f.h:205\n"
             "205\t../sysdeps/unix/sysv/linux/futex-internal.h: No such file or directory.\n"
             "(gdb) py-bt\n"
             "Traceback (most recent call first):\n"
             "  File \"/usr/local/lib/python3.5/abc.py\", line 182, in __instancecheck__\n"
             "    if subclass in cls._abc_cache:\n"
             "  <built-in method isinstance of module object at remote 0x7fdeeaba55e8>\n"
             "  File \"/k/hub.py\", line 193, in call_soon\n"
             "  File \"/usr/local/lib/python3.5/site-packages/vin");
    REQUIRE(dumps.size() == 1);
    REQUIRE(dumps[0].threads.size() == 1);
    REQUIRE(dumps[0].threads[0].frames.size() == 2);
    CHECK(dumps[0].threads[0].frames[0].function == "__instancecheck__");
    CHECK(dumps[0].threads[0].frames[1].function == "call_soon");
}

TEST_CASE("gdb: old frame lines, quoted, between locals and separators") {
    std::vector<HangDump> dumps =
        read("> #10 Frame 0xfa45a0, for file /usr/lib/python3.8/threading.py, line 302, in wait "
             "(self=<Condition(_lock=<_thread.lock at remote 0x7f3c2f445c60>)>)\n"
             ">     waiter.acquire()\n"
             "> (gdb) py-locals\n"
             "> timeout = None\n"
             "\n--\n\n"
             "> #16 Frame 0x7f3c2f45d040, for file /usr/lib/python3.8/threading.py, line 558, in "
             "wait (self=<Event(_cond=<Condition(_lock=<_thread.lock at remote 0x7f3c2f445c60>, "
             "#5 0x0000 in PyEval_EvalFrameEx (f=Frame 0x7f, for file /app/main.py, line 9, in "
             "main (), throwflag=0) at Python/ceval.c:1\n");
    REQUIRE(dumps.size() == 1);
    REQUIRE(dumps[0].threads.size() == 1);
    const std::vector<DumpFrame>& frames = dumps[0].threads[0].frames;
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].line == 302);
    CHECK(frames[1].line == 558);
    CHECK(frames[1].function == "wait");
    CHECK(read("#5 0x0000 in PyEval_EvalFrameEx (f=Frame 0x7f, for file /app/main.py, line 9, "
               "in main (), throwflag=0)\n")
              .front()
              .threads.front()
              .frames.front()
              .function == "main");
}

} // namespace framescope
