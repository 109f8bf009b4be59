// The recorder, run for real on CPython and PyPy, and its bundles read back by the bundle
// loader: frame lengths, the blocking line of a stall, crashes (uncaught, reported, and
// those Python, Tkinter and asyncio only print), GC pauses, and a killed process's bundle.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <span>
#include <sstream>

#include "loaders/bundle_loader.h"
#include "tests/recorder/recorder_runs.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

using test::fixture_line;
using test::main_thread_of;
using test::only_bundle_in;

std::string recorder_app_command(const std::string& interpreter, const std::string& scenario,
                                 const std::filesystem::path& out_dir) {
    return test::recorder_fixture_command(interpreter, "recorder_app.py", scenario, out_dir);
}

struct RecordedRun {
    test::CommandResult process;
    ReportBundle bundle;
};

// merge_stderr: the output holds what the previous hooks printed too.
RecordedRun record(const std::string& interpreter, const std::string& scenario,
                   const test::TempDir& dir, bool merge_stderr = false) {
    test::CommandResult process =
        test::run_command(recorder_app_command(interpreter, scenario, dir.path()), merge_stderr);
    Result<ReportBundle> bundle = load_bundle(only_bundle_in(dir.path()).string());
    REQUIRE_MESSAGE(bundle, bundle.error().to_string());
    return {process, std::move(*bundle)};
}

std::vector<double> json_numbers(const std::string& text) {
    std::vector<double> numbers;
    std::string cleaned = text;
    std::replace_if(
        cleaned.begin(), cleaned.end(), [](char c) { return c == '[' || c == ']' || c == ','; },
        ' ');
    std::istringstream in(cleaned);
    for (double value; in >> value;)
        numbers.push_back(value);
    return numbers;
}

// Runs a scenario until the watchdog has written a sample more than a stall long, then kills
// it; returns the bundle's folder.
std::filesystem::path record_until_hung(const std::string& interpreter, const std::string& scenario,
                                        const test::TempDir& dir) {
    std::string samples = test::quote(dir.path().string()) + "/*/samples.jsonl";
    test::CommandResult killed =
        test::run_command(recorder_app_command(interpreter, scenario, dir.path()) +
                          " >/dev/null 2>&1 & pid=$!; for i in $(seq 200); do sleep 0.05; "
                          "grep -qE '\"lag\":([6-9]|[1-9][0-9]*\\.)' " +
                          samples +
                          " 2>/dev/null && break; "
                          "done; kill -KILL $pid; wait $pid; echo $?");
    CHECK(killed.output == "137\n");
    return only_bundle_in(dir.path());
}

// `framescope buckets --format json` on one bundle: the buckets, most reports first.
nlohmann::json buckets_of(const std::filesystem::path& bundle_dir) {
    test::CommandResult buckets =
        test::run_command(test::quote(test::framescope_binary()) + " buckets --format json " +
                          test::quote(bundle_dir.string()));
    REQUIRE(buckets.exit_code == 0);
    return nlohmann::json::parse(buckets.output);
}

// The bucket of `exception`, or null.
nlohmann::json bucket_of(const nlohmann::json& buckets, const std::string& exception) {
    for (const nlohmann::json& bucket : buckets)
        if (bucket["exception"] == exception)
            return bucket;
    return nullptr;
}

// Sleeping overshoots, never undershoots, so a plan is a lower bound only; what a loaded
// machine adds is bounded by the loop's own measurement, read a few statements away from
// the recorder's clock (a preemption between them is the only slack).
constexpr double kSameClockMs = 15;

} // namespace

TEST_CASE("recorder: heartbeat frames last as long as the loop's iterations") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "frames", dir);
        REQUIRE(run.process.exit_code == 0);
        std::vector<double> numbers = json_numbers(run.process.output); // planned, measured
        REQUIRE(numbers.size() == 48);
        std::span<const double> planned_ms(numbers.data(), 24),
            measured_ms(numbers.data() + 24, 24);
        // Frame 0 runs from start() to the first heartbeat; then one frame per iteration.
        REQUIRE(run.bundle.frames.size() == planned_ms.size() + 1);
        for (size_t i = 0; i < planned_ms.size(); ++i) {
            double got_ms = run.bundle.frames.duration_us[i + 1] / 1000.0;
            CHECK(got_ms >= planned_ms[i] - 0.5);
            CHECK(std::abs(got_ms - measured_ms[i]) < kSameClockMs);
            CHECK(run.bundle.frames.start_us[i + 1] ==
                  run.bundle.frames.start_us[i] + run.bundle.frames.duration_us[i]);
        }
        CHECK(run.bundle.session.app == "recorder-test");
        CHECK(run.bundle.session.version == "2.0.1");
        CHECK(run.bundle.session.frame_budget_ms == 20.0);
        CHECK(run.bundle.session.interpreter ==
              (interpreter == test::pypy3() ? "pypy" : "cpython"));
        CHECK(run.bundle.ending.status == SessionStatus::clean);
        CHECK_FALSE(run.bundle.ending.inferred);
        CHECK(run.bundle.crashes.empty());
        CHECK(run.bundle.fatal_error.empty());
    }
}

TEST_CASE("recorder: with frame() blocks, frames and the gaps between them are kept apart") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "scoped", dir);
        REQUIRE(run.process.exit_code == 0);
        // gap, frame, gap, ... as planned, then as the loop measured them
        std::vector<double> numbers = json_numbers(run.process.output);
        REQUIRE(run.bundle.frames.size() * 4 == numbers.size());
        std::span<const double> plan(numbers.data(), numbers.size() / 2),
            measured(numbers.data() + numbers.size() / 2, numbers.size() / 2);
        uint64_t previous_end_us = 0;
        for (size_t i = 0; i < run.bundle.frames.size(); ++i) {
            double gap_ms = (run.bundle.frames.start_us[i] - previous_end_us) / 1000.0;
            double frame_ms = run.bundle.frames.duration_us[i] / 1000.0;
            if (i > 0) { // the first gap also holds the interpreter's start-up
                CHECK(gap_ms >= plan[2 * i] - 0.5);
                CHECK(std::abs(gap_ms - measured[2 * i]) < kSameClockMs);
            }
            CHECK(frame_ms >= plan[2 * i + 1] - 0.5);
            CHECK(std::abs(frame_ms - measured[2 * i + 1]) < kSameClockMs);
            previous_end_us = run.bundle.frames.start_us[i] + run.bundle.frames.duration_us[i];
        }
    }
}

TEST_CASE("recorder: a stall's samples point at the line the main thread blocked on") {
    const uint32_t blocking_line = fixture_line("BLOCKING LINE");
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "stall", dir);
        REQUIRE(run.process.exit_code == 0);
        const ReportBundle& bundle = run.bundle;
        REQUIRE(bundle.frames.size() == 10);
        // Frame 6 held the 1.5 s wait (a sleep: at least that long) and is the longest.
        CHECK(bundle.frames.duration_us[6] > 1'400'000);
        for (size_t i = 0; i < bundle.frames.size(); ++i)
            CHECK(bundle.frames.duration_us[i] <= bundle.frames.duration_us[6]);
        REQUIRE(bundle.samples.size() >= 10);
        double longest_lag = 0;
        size_t in_stall = 0;
        for (const StackSample& sample : bundle.samples) {
            // A loaded machine can make another frame late enough to be sampled too.
            if (sample.frame_index != 6)
                continue;
            ++in_stall;
            const ThreadStack& main = main_thread_of(bundle, sample);
            REQUIRE(main.frame_count >= 2);
            const StackFrame& innermost = bundle.stack_frames[main.first_frame];
            CHECK(bundle.strings.get(innermost.function) == "wait_for_reply");
            CHECK(innermost.line == blocking_line);
            CHECK(bundle.strings.get(innermost.file).ends_with("recorder_app.py"));
            CHECK(bundle.strings.get(main.name) == "MainThread");
            longest_lag = std::max(longest_lag, sample.lag_s);
        }
        CHECK(in_stall >= 10);
        CHECK(longest_lag > bundle.session.stall_ms / 1000.0);
        // The other threads are there too, by name.
        bool saw_peer = false;
        for (const ThreadStack& thread : bundle.threads)
            saw_peer |= bundle.strings.get(thread.name) == "SilentPeer";
        CHECK(saw_peer);
        CHECK(bundle.ending.status == SessionStatus::clean);
    }
}

TEST_CASE("recorder: a killed process leaves a readable bundle that ends abnormally, hung") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        // Kill it once the watchdog has written a sample more than a stall long.
        std::string samples = test::quote(dir.path().string()) + "/*/samples.jsonl";
        test::CommandResult killed =
            test::run_command(recorder_app_command(interpreter, "hang", dir.path()) +
                              " & pid=$!; for i in $(seq 200); do sleep 0.05; "
                              "grep -qE '\"lag\":([6-9]|[1-9][0-9]*\\.)' " +
                              samples +
                              " 2>/dev/null && break; "
                              "done; kill -KILL $pid; wait $pid; echo $?");
        CHECK(killed.output == "137\n");
        std::filesystem::path bundle_dir = only_bundle_in(dir.path());
        CHECK_FALSE(std::filesystem::exists(bundle_dir / "end.json"));

        Result<ReportBundle> as_left = load_bundle(bundle_dir.string());
        REQUIRE_MESSAGE(as_left, as_left.error().to_string());
        CHECK(as_left->ending.status == SessionStatus::abnormal);
        CHECK(as_left->ending.inferred);
        CHECK(as_left->ending.hung);
        REQUIRE_FALSE(as_left->samples.empty());
        CHECK(as_left->frames.size() == 6); // the frames before the one that never ended

        // The program's next start writes down how the session it left behind ended.
        REQUIRE(test::run_command(recorder_app_command(interpreter, "next_start", dir.path()))
                    .exit_code == 0);
        Result<ReportBundle> closed = load_bundle(bundle_dir.string());
        REQUIRE_MESSAGE(closed, closed.error().to_string());
        CHECK(std::filesystem::exists(bundle_dir / "end.json"));
        CHECK(closed->ending.status == SessionStatus::abnormal);
        CHECK(closed->ending.hung);
        CHECK(closed->ending.inferred);
    }
}

TEST_CASE("recorder: an uncaught exception leaves its traceback and a crashed session") {
    const std::string crash_line = "line " + std::to_string(fixture_line("CRASH LINE"));
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "crash", dir);
        CHECK(run.process.exit_code == 1);
        REQUIRE(run.bundle.crashes.size() == 1);
        const CrashRecord& crash = run.bundle.crashes.front();
        CHECK(crash.kind == "exception");
        CHECK(crash.thread == "MainThread");
        CHECK(crash.text.starts_with("Traceback (most recent call last):\n"));
        CHECK(crash.text.find(crash_line + ", in update") != std::string::npos);
        CHECK(crash.text.ends_with("KeyError: 'player'\n"));
        CHECK(run.bundle.ending.status == SessionStatus::crashed);
        CHECK_FALSE(run.bundle.ending.inferred);
    }
}

TEST_CASE("recorder: an exception on a worker thread is recorded and the session goes on") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "thread_crash", dir);
        CHECK(run.process.exit_code == 0);
        REQUIRE(run.bundle.crashes.size() == 1);
        CHECK(run.bundle.crashes.front().kind == "thread_exception");
        CHECK(run.bundle.crashes.front().thread == "AssetWorker");
        CHECK(run.bundle.crashes.front().text.starts_with("Exception in thread AssetWorker:\n"));
        CHECK(run.bundle.ending.status == SessionStatus::clean);
    }
}

TEST_CASE("recorder: a native crash leaves faulthandler's record and reads as crashed") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        // PyPy's faulthandler gives approximate line numbers: the function's first line.
        uint32_t line = fixture_line(interpreter == test::pypy3() ? "NATIVE CRASH FUNCTION"
                                                                  : "NATIVE CRASH LINE");
        test::TempDir dir;
        RecordedRun run = record(interpreter, "native_crash", dir);
        CHECK(run.process.exit_code != 0);
        CHECK(run.bundle.fatal_error.starts_with("Fatal Python error: Segmentation fault"));
        CHECK(run.bundle.fatal_error.find("recorder_app.py\", line " + std::to_string(line) +
                                          " in read_native_buffer") != std::string::npos);
        CHECK(run.bundle.ending.status == SessionStatus::crashed);
        CHECK(run.bundle.ending.inferred);
    }
}

TEST_CASE("recorder: full collections are recorded with their generation and duration") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "gc", dir);
        REQUIRE(run.process.exit_code == 0);
        size_t full_collections = 0;
        for (const GcEvent& event : run.bundle.gc_events) {
            if (event.generation != 2)
                continue;
            ++full_collections;
            CHECK(event.duration_ms > 0);
            CHECK(event.time_s >= 0);
            if (interpreter != test::pypy3())
                CHECK(event.collected >= 19000); // the 20,000 cycles, give or take a collection
        }
        CHECK(full_collections >= 5);
    }
}

TEST_CASE("recorder: an exception the loop catches and reports is a crash; the session is clean") {
    const std::string raising_line = "line " + std::to_string(fixture_line("REPORTED LINE"));
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "reported", dir);
        CHECK(run.process.exit_code == 0);
        REQUIRE(run.bundle.crashes.size() == 1);
        const CrashRecord& crash = run.bundle.crashes.front();
        CHECK(crash.kind == "reported");
        CHECK(crash.thread == "MainThread");
        CHECK(crash.time_s > 0);
        CHECK(crash.text.starts_with("Traceback (most recent call last):\n"));
        CHECK(crash.text.find(raising_line + ", in apply_damage") != std::string::npos);
        CHECK(crash.text.ends_with("KeyError: 'damage'\n"));
        // Caught and handled: the program went on and ended as it would have.
        CHECK(run.bundle.frames.size() == 5); // one a beat: the loop went on past it
        CHECK(run.bundle.ending.status == SessionStatus::clean);
        CHECK_FALSE(run.bundle.ending.hung);

        nlohmann::json bucket = bucket_of(buckets_of(only_bundle_in(dir.path())), "KeyError");
        REQUIRE(bucket.is_object());
        CHECK(bucket["count"] == 1);
        CHECK(bucket["frames"][0]["function"] == "apply_damage");
    }
}

TEST_CASE("recorder: an exception reported every frame fills at most 100 crash records") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "reported_flood", dir);
        CHECK(run.process.exit_code == 0);
        CHECK(run.bundle.crashes.size() == 100);
        CHECK(run.bundle.ending.crashes_dropped == 50);
        CHECK(run.bundle.ending.status == SessionStatus::clean);
        // The findings say what the bundle does not hold.
        std::string bundle_dir = test::quote(only_bundle_in(dir.path()).string());
        test::CommandResult text =
            test::run_command(test::quote(test::framescope_binary()) + " report " + bundle_dir);
        REQUIRE(text.exit_code == 0);
        CHECK(text.output.find(": 50 more crashes not recorded\n") != std::string::npos);
        test::CommandResult json = test::run_command(test::quote(test::framescope_binary()) +
                                                     " report --format json " + bundle_dir);
        REQUIRE(json.exit_code == 0);
        CHECK(nlohmann::json::parse(json.output)["sessions"][0]["crashes_dropped"] == 50);
    }
}

TEST_CASE("recorder: tracebacks printed on stderr are crashes; one a hook recorded counts once") {
    const std::string printed_line = "line " + std::to_string(fixture_line("PRINTED LINE"));
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "printed", dir, true);
        CHECK(run.process.exit_code == 0);
        // stderr itself is as the program wrote it: the hooks' output is still there.
        CHECK(run.process.output.find("Exception in thread AssetWorker:\n") != std::string::npos);
        CHECK(run.process.output.find("KeyError: 'resolution'\n") != std::string::npos);
        REQUIRE(run.bundle.crashes.size() == 3);
        const CrashRecord& worker = run.bundle.crashes[0]; // through threading.excepthook
        CHECK(worker.kind == "thread_exception");
        CHECK(worker.file == "crash-1.txt");
        const CrashRecord& printed = run.bundle.crashes[1];
        CHECK(printed.kind == "printed");
        CHECK(printed.file == "stderr.txt");
        CHECK(printed.text.starts_with("Traceback (most recent call last):\n"));
        CHECK(printed.text.find(printed_line + ", in load_config") != std::string::npos);
        CHECK(printed.text.ends_with("KeyError: 'resolution'\n"));
        CHECK(printed.time_s > 0);
        const CrashRecord& unraisable = run.bundle.crashes[2]; // Python's own hook printed it
        CHECK(unraisable.time_s >= printed.time_s);
        CHECK(unraisable.kind == "unraisable");
        CHECK(unraisable.file == "stderr.txt");
        CHECK(unraisable.text.starts_with("Exception ignored in: <function TextureHandle.__del__"));
        CHECK(unraisable.text.ends_with("RuntimeError: texture released twice\n"));
        CHECK(run.bundle.ending.status == SessionStatus::clean);

        // Three buckets of one report each: the worker's KeyError, the printed one, the __del__.
        nlohmann::json buckets = buckets_of(only_bundle_in(dir.path()));
        REQUIRE(buckets.size() == 3);
        for (const nlohmann::json& bucket : buckets)
            CHECK(bucket["count"] == 1);
        REQUIRE(bucket_of(buckets, "RuntimeError").is_object());
        CHECK(bucket_of(buckets, "RuntimeError")["count"] == 1);
    }
}

TEST_CASE("recorder: a traceback printed midway sits on the session's timeline where it was "
          "printed") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "printed_midway", dir, true);
        CHECK(run.process.exit_code == 0);
        REQUIRE(run.bundle.crashes.size() == 1);
        const CrashRecord& printed = run.bundle.crashes.front();
        CHECK(printed.file == "stderr.txt");
        CHECK(printed.text.ends_with("KeyError: 'resolution'\n"));
        // Printed in the frame after the 10th heartbeat: between that frame's start and the
        // next one's.
        const std::vector<uint64_t>& starts = run.bundle.frames.start_us;
        REQUIRE(starts.size() >= 12);
        CAPTURE(printed.time_s);
        CHECK(printed.time_s * 1e6 >= double(starts[9]));
        CHECK(printed.time_s * 1e6 <= double(starts[11]));
    }
}

TEST_CASE("recorder: asyncio's lost exception with no watch_asyncio is printed and read back") {
    const std::string task_line = "line " + std::to_string(fixture_line("ASYNCIO TASK LINE"));
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "asyncio_unwatched", dir, true);
        CHECK(run.process.exit_code == 0);
        // With no logging set up Python prints it (logging.lastResort), recorder or not.
        CHECK(run.process.output.starts_with("Task exception was never retrieved\n"));
        REQUIRE(run.bundle.crashes.size() == 1);
        const CrashRecord& crash = run.bundle.crashes.front();
        CHECK(crash.kind == "asyncio");
        CHECK(crash.file == "stderr.txt");
        CHECK(crash.text.starts_with("Task exception was never retrieved\nfuture: <Task"));
        CHECK(crash.text.find(task_line + ", in fetch_scores") != std::string::npos);
        CHECK(crash.text.ends_with("ConnectionError: scoreboard unreachable\n"));
    }
}

TEST_CASE("recorder: stderr is kept up to its limit in whole writes, and the rest is counted") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "stderr_flood", dir, true);
        CHECK(run.process.exit_code == 0);
        CHECK(run.process.output.size() == 400 * 1024); // the program's stderr, all of it
        std::filesystem::path bundle_dir = only_bundle_in(dir.path());
        CHECK(std::filesystem::file_size(bundle_dir / "stderr.txt") == 256 * 1024);
        std::string end = test::read_text(bundle_dir / "end.json");
        CHECK(end.find("\"stderr_dropped_bytes\": " + std::to_string(144 * 1024)) !=
              std::string::npos);
        CHECK(run.bundle.crashes.empty());
    }
}

TEST_CASE("recorder: a __del__ raising under gc.collect() is an unraisable crash") {
    const std::string raising_line = "line " + std::to_string(fixture_line("UNRAISABLE LINE"));
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "unraisable", dir, true);
        CHECK(run.process.exit_code == 0);
        // The interpreter's own hook still printed it.
        CHECK(run.process.output.find("Exception ignored in: <function TextureHandle.__del__") !=
              std::string::npos);
        REQUIRE(run.bundle.crashes.size() == 1);
        const CrashRecord& crash = run.bundle.crashes.front();
        CHECK(crash.kind == "unraisable");
        CHECK(crash.text.starts_with("Exception ignored in: <function TextureHandle.__del__ at "));
        CHECK(crash.text.find("Traceback (most recent call last):\n") != std::string::npos);
        CHECK(crash.text.find(raising_line + ", in __del__") != std::string::npos);
        CHECK(crash.text.ends_with("RuntimeError: texture released twice\n"));
        CHECK(run.bundle.ending.status == SessionStatus::clean);

        nlohmann::json bucket = bucket_of(buckets_of(only_bundle_in(dir.path())), "RuntimeError");
        REQUIRE(bucket.is_object());
        CHECK(bucket["frames"][0]["function"] == "__del__");
    }
}

TEST_CASE("recorder: a Tkinter callback raising is recorded, and Tkinter still reports it") {
    if (test::run_command("command -v xvfb-run >/dev/null").exit_code != 0) {
        MESSAGE("skipped: no xvfb-run");
        return;
    }
    const std::string raising_line = "line " + std::to_string(fixture_line("TKINTER LINE"));
    for (const std::string& interpreter : test::interpreters_and_debian_python3()) {
        if (test::run_command(test::quote(interpreter) + " -c 'import tkinter' 2>/dev/null")
                .exit_code != 0) {
            MESSAGE("skipped on " << interpreter << ": no tkinter");
            continue;
        }
        INFO(interpreter);
        test::TempDir dir;
        test::CommandResult process = test::run_command(
            "xvfb-run -a env " + recorder_app_command(interpreter, "tkinter", dir.path()), true);
        CHECK(process.exit_code == 0);
        CHECK(process.output.find("Exception in Tkinter callback\n") != std::string::npos);
        Result<ReportBundle> bundle = load_bundle(only_bundle_in(dir.path()).string());
        REQUIRE_MESSAGE(bundle, bundle.error().to_string());
        REQUIRE(bundle->crashes.size() == 1);
        const CrashRecord& crash = bundle->crashes.front();
        CHECK(crash.kind == "tkinter_callback");
        CHECK(crash.thread == "MainThread");
        CHECK(crash.text.starts_with("Exception in Tkinter callback\nTraceback"));
        CHECK(crash.text.find(raising_line + ", in on_button") != std::string::npos);
        CHECK(crash.text.ends_with("ValueError: no such level\n"));
        CHECK(bundle->frames.size() > 10); // heartbeats from `after` went on around it
        CHECK(bundle->ending.status == SessionStatus::clean);

        nlohmann::json bucket = bucket_of(buckets_of(only_bundle_in(dir.path())), "ValueError");
        REQUIRE(bucket.is_object());
        CHECK(bucket["frames"][0]["function"] == "on_button");
    }
}

TEST_CASE("recorder: watch_asyncio records a task's lost exception and a callback's, then chains") {
    const std::string task_line = "line " + std::to_string(fixture_line("ASYNCIO TASK LINE"));
    const std::string callback_line =
        "line " + std::to_string(fixture_line("ASYNCIO CALLBACK LINE"));
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        RecordedRun run = record(interpreter, "asyncio", dir);
        CHECK(run.process.exit_code == 0);
        // The handler the program had set still saw both.
        CHECK(run.process.output.find("previous handler: Task exception was never retrieved\n") !=
              std::string::npos);
        CHECK(run.process.output.find("previous handler: Exception in callback on_timer()") !=
              std::string::npos);
        REQUIRE(run.bundle.crashes.size() == 2);
        const CrashRecord& task = run.bundle.crashes[0];
        CHECK(task.kind == "asyncio");
        CHECK(task.text.starts_with("Task exception was never retrieved\nfuture: <Task finished"));
        CHECK(task.text.find(task_line + ", in fetch_scores") != std::string::npos);
        CHECK(task.text.ends_with("ConnectionError: scoreboard unreachable\n"));
        const CrashRecord& callback = run.bundle.crashes[1];
        CHECK(callback.kind == "asyncio");
        CHECK(callback.thread == "MainThread");
        CHECK(callback.text.starts_with("Exception in callback on_timer()"));
        CHECK(callback.text.find(callback_line + ", in on_timer") != std::string::npos);
        CHECK(callback.text.ends_with("LookupError: timer without a target\n"));
        CHECK(run.bundle.ending.status == SessionStatus::clean);

        nlohmann::json buckets = buckets_of(only_bundle_in(dir.path()));
        nlohmann::json lost = bucket_of(buckets, "ConnectionError");
        REQUIRE(lost.is_object());
        CHECK(lost["frames"][0]["function"] == "fetch_scores");
        nlohmann::json raised = bucket_of(buckets, "LookupError");
        REQUIRE(raised.is_object());
        CHECK(raised["frames"][0]["function"] == "on_timer");
    }
}

TEST_CASE("recorder: a crash, then no response: crashed and hung; a reported one: abnormal, hung") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        {
            // The main thread's exception went uncaught; exit then waits for a thread for good.
            test::TempDir dir;
            std::filesystem::path bundle_dir =
                record_until_hung(interpreter, "crash_then_hang", dir);
            Result<ReportBundle> as_left = load_bundle(bundle_dir.string());
            REQUIRE_MESSAGE(as_left, as_left.error().to_string());
            REQUIRE(as_left->crashes.size() == 1);
            CHECK(as_left->crashes.front().kind == "exception");
            CHECK(as_left->ending.status == SessionStatus::crashed);
            CHECK(as_left->ending.hung);
            CHECK(as_left->ending.inferred);
            REQUIRE(test::run_command(recorder_app_command(interpreter, "next_start", dir.path()))
                        .exit_code == 0);
            Result<ReportBundle> closed = load_bundle(bundle_dir.string());
            REQUIRE_MESSAGE(closed, closed.error().to_string());
            CHECK(std::filesystem::exists(bundle_dir / "end.json"));
            CHECK(closed->ending.status == SessionStatus::crashed);
            CHECK(closed->ending.hung);
        }
        {
            // A reported exception is listed, and leaves the status to how the session ended.
            test::TempDir dir;
            std::filesystem::path bundle_dir =
                record_until_hung(interpreter, "reported_then_hang", dir);
            Result<ReportBundle> as_left = load_bundle(bundle_dir.string());
            REQUIRE_MESSAGE(as_left, as_left.error().to_string());
            REQUIRE(as_left->crashes.size() == 1);
            CHECK(as_left->crashes.front().kind == "reported");
            CHECK(as_left->ending.status == SessionStatus::abnormal);
            CHECK(as_left->ending.hung);
            REQUIRE(test::run_command(recorder_app_command(interpreter, "next_start", dir.path()))
                        .exit_code == 0);
            Result<ReportBundle> closed = load_bundle(bundle_dir.string());
            REQUIRE_MESSAGE(closed, closed.error().to_string());
            CHECK(closed->ending.status == SessionStatus::abnormal);
            CHECK(closed->ending.hung);
        }
    }
}

} // namespace framescope
