// faulthandler's output, written by CPython and PyPy at test time, read as written and as
// people hand it over: quoted, inside other output, cut off, headless, renamed threads.

#include <doctest/doctest.h>

#include <sstream>

#include "loaders/faulthandler_dump.h"
#include "loaders/stall_trace_loader.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

// Real timeout dumps: the fixture's main thread blocks 1.5 s in wait_for_reply while
// faulthandler dumps every thread every 0.25 s.
std::string timeout_dumps(const std::string& interpreter) {
    test::TempDir dir;
    test::CommandResult run =
        test::run_command("PYTHONPATH=" + test::quote(test::recorder_dir().string()) + " " +
                          test::quote(interpreter) + " " +
                          test::quote((test::fixtures_dir() / "recorder_app.py").string()) +
                          " faulthandler_stall " + test::quote(dir.path().string()));
    REQUIRE(run.exit_code == 0);
    return test::read_text(dir / "dumps.txt");
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string join(const std::vector<std::string>& lines, size_t from, size_t to,
                 const std::string& prefix = "") {
    std::string text;
    for (size_t i = from; i < to && i < lines.size(); ++i)
        text += prefix + lines[i] + "\n";
    return text;
}

} // namespace

TEST_CASE("faulthandler: timeout dumps from CPython and PyPy, every thread, main thread found") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        bool pypy = interpreter == test::pypy3();
        std::string text = timeout_dumps(interpreter);
        auto dumps = parse_faulthandler_text(text, "dumps.txt");
        REQUIRE_MESSAGE(dumps, dumps.error().to_string());
        REQUIRE(dumps->size() >= 4); // 1.5 s at one dump per 0.25 s
        for (const HangDump& dump : *dumps) {
            CHECK(dump.kind == HangDump::Kind::timeout);
            CHECK(dump.timeout_s == doctest::Approx(0.25));
            REQUIRE(dump.threads.size() == 2);
            const DumpThread& main = main_thread_of(dump);
            REQUIRE_FALSE(main.frames.empty());
            CHECK(main.frames.front().function == "wait_for_reply");
            CHECK(main.frames.front().file.ends_with("recorder_app.py"));
            CHECK(main.approximate_lines == pypy);
            // The other thread is the silent peer's.
            const DumpThread& other = dump.threads[1 - main_thread_index(dump)];
            CHECK(other.frames.front().function == "hold_connection");
        }
        // One session, one stall: the dumps share the main thread's place.
        auto trace = load_stall_trace(text, "dumps.txt");
        REQUIRE(trace);
        CHECK(trace->session.interpreter == (pypy ? "pypy" : "cpython"));
        CHECK_FALSE(trace->has_frame_timings);
        CHECK(trace->samples.size() == dumps->size());
        CHECK(trace->samples.back().frame_index == 0);
        CHECK(trace->samples.back().lag_s ==
              doctest::Approx(0.25 * static_cast<double>(dumps->size())));
    }
}

TEST_CASE("faulthandler: dumps as people paste them read the same") {
    const std::string text = timeout_dumps(test::python3());
    const std::vector<std::string> lines = lines_of(text);
    auto original = parse_faulthandler_text(text, "dumps.txt");
    REQUIRE(original);
    const size_t dump_count = original->size();

    SUBCASE("quoted in an issue tracker, with Windows line endings") {
        std::string quoted;
        for (const std::string& line : lines)
            quoted += "> " + line + "\r\n";
        auto dumps = parse_faulthandler_text(quoted, "quoted.txt");
        REQUIRE(dumps);
        REQUIRE(dumps->size() == dump_count);
        CHECK(main_thread_of(dumps->front()).frames.front().function == "wait_for_reply");
        CHECK(main_thread_of(dumps->front()).frames.front().file ==
              main_thread_of(original->front()).frames.front().file);
    }
    SUBCASE("the Timeout header sharing its line with a test runner's output") {
        std::string shared = "test_network (tests.test_client.ClientTest) ... " + text;
        auto dumps = parse_faulthandler_text(shared, "ci.log");
        REQUIRE(dumps);
        CHECK(dumps->size() == dump_count);
        CHECK(dumps->front().kind == HangDump::Kind::timeout);
    }
    SUBCASE("cut off at any line, or starting in the middle of a dump") {
        for (size_t cut = 1; cut < lines.size(); ++cut) {
            auto head = parse_faulthandler_text(join(lines, 0, cut), "head.txt");
            REQUIRE(head); // a cut-off dump is normal input
            auto tail = parse_faulthandler_text(join(lines, cut, lines.size()), "tail.txt");
            if (!tail) // only a tail holding nothing but blank lines has no dump
                CHECK(join(lines, cut, lines.size()).find_first_not_of("\n") == std::string::npos);
        }
        // From the middle of the main thread's frames: they still read as a thread.
        size_t main_header = 0;
        while (lines[main_header].find("wait_for_reply") == std::string::npos)
            ++main_header;
        auto tail = parse_faulthandler_text(join(lines, main_header, lines.size()), "tail.txt");
        REQUIRE(tail);
        CHECK(tail->front().kind == HangDump::Kind::plain);
        CHECK(tail->front().threads.front().frames.front().function == "wait_for_reply");
    }
    SUBCASE("no headers at all: a repeated thread starts the next dump") {
        std::string headless;
        for (const std::string& line : lines)
            if (line.find("Timeout (") == std::string::npos)
                headless += line + "\n";
        auto dumps = parse_faulthandler_text(headless, "headless.txt");
        REQUIRE(dumps);
        CHECK(dumps->size() == dump_count);
        for (const HangDump& dump : *dumps)
            CHECK(dump.threads.size() == 2);
    }
    SUBCASE("3.14 headers name the threads") {
        std::string named;
        bool first_thread = true;
        for (const std::string& line : lines) {
            std::string copy = line;
            size_t at = copy.find(" (most recent call first)");
            if (at != std::string::npos) {
                copy.insert(at, first_thread ? " [SilentPeer]" : " [MainThread]");
                first_thread = !first_thread;
            }
            named += copy + "\n";
        }
        auto dumps = parse_faulthandler_text(named, "named.txt");
        REQUIRE(dumps);
        CHECK(dumps->front().threads[0].name == "SilentPeer");
        CHECK(main_thread_index(dumps->front()) == 1);
    }
}

TEST_CASE("faulthandler: PyPy's JIT frames, repeated beside their interpreted copy, read once") {
    if (test::pypy3().empty()) {
        MESSAGE("pypy3 is not installed; skipped");
        return;
    }
    const std::string text = timeout_dumps(test::pypy3());
    // As a JIT-compiled loop shows: the innermost frame once as compiled code, once as
    // interpreted; an inlined callee marked as such.
    std::string jitted;
    for (const std::string& line : lines_of(text)) {
        if (line.find(" in wait_for_reply") != std::string::npos) {
            jitted += line + " [jitted]\n" + line + "\n";
            continue;
        }
        if (line.find(" in run_stall") != std::string::npos) {
            jitted += line + " [jit inlined]\n";
            continue;
        }
        jitted += line + "\n";
    }
    auto plain = load_stall_trace(text, "plain.txt");
    auto with_jit = load_stall_trace(jitted, "jitted.txt");
    REQUIRE(plain);
    REQUIRE(with_jit);
    CHECK(with_jit->stack_frames.size() == plain->stack_frames.size());
    CHECK(with_jit->samples.back().lag_s == plain->samples.back().lag_s); // still one stall
    auto dumps = parse_faulthandler_text(jitted, "jitted.txt");
    REQUIRE(dumps);
    const DumpThread& main = main_thread_of(dumps->front());
    CHECK(main.frames[0].function == "wait_for_reply");
    CHECK(main.frames[1].function == "run_stall");
    CHECK(main.frames[1].jitted);
}

TEST_CASE("faulthandler: fatal errors, elided stacks, frames without Python code") {
    test::TempDir dir;
    test::write_text(dir / "crash.py", "import ctypes, faulthandler, gc, sys\n"
                                       "faulthandler.enable()\n"
                                       "def recurse(n):\n"
                                       "    if n == 0:\n"
                                       "        ctypes.string_at(16, 1)\n"
                                       "    recurse(n - 1)\n"
                                       "recurse(150)\n");
    test::CommandResult crashed =
        test::run_command(test::quote(test::python3()) + " " +
                              test::quote((dir / "crash.py").string()) + " 2>&1 >/dev/null",
                          false);
    CHECK(crashed.exit_code != 0);
    auto dumps = parse_faulthandler_text(crashed.output, "crash.txt");
    REQUIRE_MESSAGE(dumps, dumps.error().to_string());
    REQUIRE(dumps->size() == 1);
    const HangDump& dump = dumps->front();
    CHECK(dump.kind == HangDump::Kind::fatal);
    CHECK(dump.fatal_message == "Segmentation fault");
    REQUIRE(dump.threads.size() == 1);
    CHECK(dump.threads[0].current);
    CHECK(dump.threads[0].elided); // 150 frames deep: faulthandler writes 100 and "..."
    CHECK(dump.threads[0].frames.size() == 100);

    auto none = parse_faulthandler_text("just some log output\nnothing else\n", "notes.txt");
    REQUIRE_FALSE(none);
    CHECK(none.error().to_string().starts_with("notes.txt:1: no faulthandler dump found"));

    // A dump taken while the collector runs a finalizer, and (pasted after it) a thread
    // that runs no Python code.
    test::write_text(dir / "collect.py", "import faulthandler, gc\n"
                                         "class Node:\n"
                                         "    def __del__(self):\n"
                                         "        faulthandler.dump_traceback()\n"
                                         "node = Node()\n"
                                         "node.cycle = node\n"
                                         "del node\n"
                                         "gc.collect()\n");
    test::CommandResult collected = test::run_command(
        test::quote(test::python3()) + " " + test::quote((dir / "collect.py").string()) + " 2>&1");
    REQUIRE(collected.exit_code == 0);
    auto gc_dump = parse_faulthandler_text(
        collected.output + "\nThread 0x00007f63d4000000 (most recent call first):\n"
                           "  <no Python frame>\n",
        "gc.txt");
    REQUIRE(gc_dump);
    REQUIRE(gc_dump->front().threads.size() == 2);
    CHECK(gc_dump->front().threads[0].collecting_garbage);
    CHECK(gc_dump->front().threads[0].frames.front().function == "__del__");
    CHECK(gc_dump->front().threads[1].frames.empty());
}

} // namespace framescope
