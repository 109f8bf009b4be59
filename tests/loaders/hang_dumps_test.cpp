// The one entry to all hang-dump forms: each form found in a file, in order; a stall trace
// made of any of them; crash reports left to the crash reader; and bad input (cut off
// anywhere, garbage) never crashing, hanging or throwing.

#include <random>

#include <doctest/doctest.h>

#include "loaders/hang_dumps.h"
#include "loaders/stall_trace_loader.h"
#include "loaders/text_report_loader.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

const char* const kPyspy = "Process 236: python3 -m app\n"
                           "Python v3.8.6 (/usr/local/bin/python3.8)\n"
                           "\n"
                           "Thread 236 (idle): \"MainThread\"\n"
                           "    select (selectors.py:468)\n"
                           "    <module> (app/__main__.py:320)\n"
                           "Thread 257 (idle): \"Thread-1\"\n"
                           "    dequeue (logging/handlers.py:1431)\n";

const char* const kGdb = "(gdb) py-bt\n"
                         "Traceback (most recent call first):\n"
                         "  <built-in method acquire of _thread.lock object at remote 0x7f>\n"
                         "  File \"/usr/lib/python3.6/threading.py\", line 1072, in "
                         "_wait_for_tstate_lock\n"
                         "    elif lock.acquire(block, timeout):\n";

const char* const kFaulthandler = "Timeout (0:00:05)!\n"
                                  "Thread 0x00007f0000000001 (most recent call first):\n"
                                  "  File \"/app/main.py\", line 9 in wait_for_reply\n"
                                  "  File \"/app/main.py\", line 12 in <module>\n";

} // namespace

TEST_CASE("hang dumps: every form in one file, in the order they appear") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_thread_dumps.py", {dir.path().string()});
    std::string text = std::string(kFaulthandler) + "\n" + kPyspy + "\n" +
                       test::read_text(dir / "pytest_timeout.txt") + kGdb +
                       test::read_text(dir / "watchdog_hash.txt");
    auto dumps = parse_hang_dumps(text, "all.txt");
    REQUIRE_MESSAGE(dumps, dumps.error().to_string());
    REQUIRE(dumps->size() == 5);
    using Form = HangDump::Form;
    std::vector<Form> forms;
    for (const HangDump& dump : *dumps)
        forms.push_back(dump.form);
    CHECK(forms == std::vector<Form>{Form::faulthandler, Form::pyspy, Form::pytest_timeout,
                                     Form::gdb, Form::traceback});
    const char* innermost[] = {"wait_for_reply", "select", "wait", "_wait_for_tstate_lock", "wait"};
    for (size_t i = 0; i < dumps->size(); ++i) {
        const HangDump& dump = (*dumps)[i];
        CHECK(main_thread_of(dump).frames.front().function == innermost[i]);
    }
}

TEST_CASE("hang dumps: a py-spy paste is a stall trace with its main thread first") {
    ReportBundle session = load_text_report(kPyspy, "pyspy.txt", text_kind(kPyspy));
    CHECK(std::string(text_report_kind(session)) == "stall-trace");
    REQUIRE(session.samples.size() == 1);
    const ThreadStack& first = session.threads[session.samples[0].first_thread];
    CHECK(first.is_main);
    CHECK(session.strings.get(first.name) == "MainThread");
    CHECK(session.strings.get(session.stack_frames[first.first_frame].function) == "select");
    CHECK(session.threads.size() == 2);
}

TEST_CASE("hang dumps: crash reports stay crash reports") {
    std::string crashes = "Traceback (most recent call last):\n"
                          "  File \"/app/main.py\", line 3, in <module>\n"
                          "    main()\n"
                          "ValueError: bad value\n";
    CHECK(text_kind(crashes) == InputKind::crash_text);
    CHECK_FALSE(parse_hang_dumps(crashes, "crash.txt"));
    ReportBundle session = load_text_report(crashes, "crash.txt", text_kind(crashes));
    CHECK(std::string(text_report_kind(session)) == "crash-report");
    CHECK(session.crashes.size() == 1);

    // Headers with no stack under them, and a timeout whose stack never came, are not enough.
    std::string noisy = "# Thread pool ready\n"
                        "Process 12: started\n"
                        "[26] [CRITICAL] WORKER TIMEOUT (pid:29)\n"
                        "[26] [INFO] Booting worker with pid: 30\n"
                        "[30] [INFO] ready\n[30] [INFO] ready\n[30] [INFO] ready\n"
                        "[30] [INFO] ready\n[30] [INFO] ready\n" +
                        crashes;
    ReportBundle noisy_session = load_text_report(noisy, "noisy.txt", text_kind(noisy));
    CHECK(std::string(text_report_kind(noisy_session)) == "crash-report");
    CHECK(noisy_session.crashes.size() == 1);
}

TEST_CASE("hang dumps: cut off at any byte, every form reads without failing loudly") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_thread_dumps.py", {dir.path().string()});
    for (const std::string& text :
         {std::string(kPyspy), std::string(kGdb), std::string(kFaulthandler),
          test::read_text(dir / "pytest_timeout.txt"), test::read_text(dir / "gunicorn.txt"),
          test::read_text(dir / "watchdog_first.txt")}) {
        for (size_t size = 0; size <= text.size(); ++size) {
            std::string_view cut(text.data(), size);
            auto dumps = parse_hang_dumps(cut, "cut.txt");
            if (!dumps) {
                CHECK(dumps.error().file == "cut.txt");
                continue;
            }
            for (const HangDump& dump : *dumps)
                CHECK(main_thread_index(dump) <= dump.threads.size());
            CHECK_NOTHROW((void)load_stall_trace(cut, "cut.txt"));
        }
    }
}

TEST_CASE("hang dumps: garbage is an error or stray dumps, never a crash") {
    std::mt19937 random(7);
    const std::string alphabet = "Thread 0x(idle):\"~+ Stack of File \", line 1, in f)\n\t#> |";
    for (int round = 0; round < 300; ++round) {
        std::string text;
        for (int i = 0; i < 400; ++i)
            text += round % 2 ? alphabet[random() % alphabet.size()] : char(random() % 256);
        CHECK_NOTHROW((void)parse_hang_dumps(text, "garbage.txt"));
        CHECK_NOTHROW((void)load_text_report(text, "garbage.txt", text_kind(text)));
    }
    auto empty = parse_hang_dumps("", "empty.txt");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().to_string().starts_with("empty.txt:1: no hang dump found"));
}

} // namespace framescope
