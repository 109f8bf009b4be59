// The recorder's heartbeat in the main loops people have, run for real: a plain loop,
// pygame's Clock.tick, Tkinter's `after`, a Qt QTimer (and a slot raising) and an asyncio
// task, each stalling once on its own line; then a pygame game nobody here wrote, recorded
// through the recorder's `run` command. Toolkit tests use Debian's python3, which has the
// toolkits, and skip with a message where a toolkit or xvfb-run is missing.

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "loaders/bundle_loader.h"
#include "tests/recorder/recorder_runs.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

using test::kDebianPython3;
const std::string kHeadlessSdl = "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy ";
const std::string kPygameExamples = "/usr/share/doc/python-pygame-doc/examples";

bool can_import(const std::string& interpreter, const std::string& module) {
    return test::run_command(test::quote(interpreter) + " -c 'import " + module + "' 2>/dev/null")
               .exit_code == 0;
}

bool has_xvfb_run() {
    return test::run_command("command -v xvfb-run >/dev/null").exit_code == 0;
}

// Why a toolkit test cannot run here, or empty.
std::string missing_for(const std::string& module, bool needs_display) {
    if (!can_import(kDebianPython3, module))
        return kDebianPython3 + " has no " + module;
    if (needs_display && !has_xvfb_run())
        return "no xvfb-run";
    return {};
}

struct LoopRun {
    test::CommandResult process;
    ReportBundle bundle;
};

// toolkit_loops.py LOOP under `wrapper` (an environment, xvfb-run), stdout and stderr merged.
LoopRun run_loop(const std::string& wrapper, const std::string& interpreter,
                 const std::string& loop, const test::TempDir& dir) {
    test::CommandResult process = test::run_command(
        wrapper + test::recorder_fixture_command(interpreter, "toolkit_loops.py", loop, dir.path()),
        true);
    INFO(process.output);
    REQUIRE(process.exit_code == 0);
    Result<ReportBundle> bundle = load_bundle(test::only_bundle_in(dir.path()).string());
    REQUIRE_MESSAGE(bundle, bundle.error().to_string());
    return {process, std::move(*bundle)};
}

double median_ms(std::vector<uint32_t> durations_us) {
    REQUIRE_FALSE(durations_us.empty());
    auto middle = durations_us.begin() + std::ptrdiff_t(durations_us.size() / 2);
    std::nth_element(durations_us.begin(), middle, durations_us.end());
    return *middle / 1000.0;
}

// Every frame but the first (start-up) and those in `skip`.
std::vector<uint32_t> steady_frames(const FrameTimings& frames, std::vector<size_t> skip) {
    std::vector<uint32_t> steady;
    for (size_t i = 1; i < frames.size(); ++i)
        if (std::find(skip.begin(), skip.end(), i) == skip.end())
            steady.push_back(frames.duration_us[i]);
    return steady;
}

// 60 beats at 60 frames a second, the 30th frame blocked 0.8 s in load_level().
constexpr size_t kBeats = 60;
constexpr size_t kStallFrame = 30;
constexpr double kStallS = 0.8;

void check_frames_and_stall(const ReportBundle& bundle) {
    const uint32_t blocking_line = test::fixture_line("BLOCKING LINE", "toolkit_loops.py");
    REQUIRE(bundle.frames.size() == kBeats);
    // A 16 ms timer, Clock.tick(60) or a 1/60 s sleep; a loaded machine only adds to it.
    double typical_ms = median_ms(steady_frames(bundle.frames, {kStallFrame}));
    CHECK(typical_ms >= 14.0);
    CHECK(typical_ms <= 30.0);
    CHECK(bundle.frames.duration_us[kStallFrame] >= 800'000);
    CHECK(*std::max_element(bundle.frames.duration_us.begin(), bundle.frames.duration_us.end()) ==
          bundle.frames.duration_us[kStallFrame]);
    size_t in_stall = 0;
    for (const StackSample& sample : bundle.samples) {
        // After the 0.8 s the frame goes on to the loop's own wait for the next tick.
        if (sample.frame_index != kStallFrame || sample.lag_s >= kStallS)
            continue;
        ++in_stall;
        const ThreadStack& main = test::main_thread_of(bundle, sample);
        REQUIRE(main.frame_count >= 2);
        const StackFrame& innermost = bundle.stack_frames[main.first_frame];
        CHECK(bundle.strings.get(innermost.function) == "load_level");
        CHECK(innermost.line == blocking_line);
    }
    CHECK(in_stall >= 5); // every 50 ms past the 25 ms budget, for 0.8 s
    CHECK(bundle.ending.status == SessionStatus::clean);
}

} // namespace

TEST_CASE("recorder: heartbeats in a plain loop give its frames and its stall") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        check_frames_and_stall(run_loop("", interpreter, "plain", dir).bundle);
    }
}

TEST_CASE("recorder: heartbeats from an asyncio task give the loop's frames and its stall") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        test::TempDir dir;
        check_frames_and_stall(run_loop("", interpreter, "asyncio", dir).bundle);
    }
}

TEST_CASE("recorder: heartbeats in a pygame loop with Clock.tick give its frames and its stall") {
    if (std::string missing = missing_for("pygame", false); !missing.empty()) {
        MESSAGE("skipped: " << missing);
        return;
    }
    test::TempDir dir;
    check_frames_and_stall(run_loop(kHeadlessSdl, kDebianPython3, "pygame", dir).bundle);
}

TEST_CASE("recorder: heartbeats from Tkinter's after give the event loop's frames and its stall") {
    if (std::string missing = missing_for("tkinter", true); !missing.empty()) {
        MESSAGE("skipped: " << missing);
        return;
    }
    test::TempDir dir;
    check_frames_and_stall(run_loop("xvfb-run -a env ", kDebianPython3, "tkinter", dir).bundle);
}

TEST_CASE("recorder: heartbeats from a QTimer give Qt's frames; a slot's exception is a crash") {
    if (std::string missing = missing_for("PyQt5.QtWidgets", true); !missing.empty()) {
        MESSAGE("skipped: " << missing);
        return;
    }
    test::TempDir dir;
    LoopRun run = run_loop("xvfb-run -a env ", kDebianPython3, "qt", dir);
    check_frames_and_stall(run.bundle);
    // PyQt5 hands a slot's exception to sys.excepthook and carries on: recorded, the session
    // goes on to its 60 frames and ends clean, and Python's own hook still printed it.
    const std::string slot_line =
        "line " + std::to_string(test::fixture_line("SLOT LINE", "toolkit_loops.py"));
    CHECK(run.process.output.find("ValueError: unknown resolution\n") != std::string::npos);
    REQUIRE(run.bundle.crashes.size() == 1); // once: the copy of stderr does not add it again
    const CrashRecord& crash = run.bundle.crashes.front();
    CHECK(crash.kind == "excepthook");
    CHECK(crash.thread == "MainThread");
    CHECK(crash.text.find(slot_line + ", in apply_settings") != std::string::npos);
    CHECK(crash.text.ends_with("ValueError: unknown resolution\n"));
}

TEST_CASE("recorder: pygame's aliens example, recorded through `run`, beats at its 40 fps") {
    if (std::string missing = missing_for("pygame", false); !missing.empty()) {
        MESSAGE("skipped: " << missing);
        return;
    }
    const std::string aliens = kPygameExamples + "/aliens.py";
    if (!std::filesystem::exists(aliens)) {
        MESSAGE("skipped: no " << aliens << " (python-pygame-doc)");
        return;
    }
    test::TempDir dir;
    // The game runs until the player is hit; Ctrl+C ends it sooner, a KeyboardInterrupt.
    test::CommandResult process = test::run_command(
        kHeadlessSdl + "timeout --preserve-status -s INT 6 " + test::quote(kDebianPython3) + " " +
            test::quote((test::recorder_dir() / "framescope_recorder.py").string()) +
            " run --out " + test::quote(dir.path().string()) + " --beat pygame.display.update " +
            test::quote(aliens),
        true);
    INFO(process.output);
    REQUIRE((process.exit_code == 0 || process.exit_code == 128 + 2));
    Result<ReportBundle> bundle = load_bundle(test::only_bundle_in(dir.path()).string());
    REQUIRE_MESSAGE(bundle, bundle.error().to_string());
    CHECK(bundle->session.app == "aliens");
    CHECK(bundle->crashes.empty());
    REQUIRE(bundle->frames.size() >= 40); // a second at least
    // clock.tick(40) after each pg.display.update(dirty): 25 ms frames.
    double typical_ms = median_ms(steady_frames(bundle->frames, {}));
    CHECK(typical_ms >= 24.0);
    CHECK(typical_ms <= 40.0);
    // Start-up (pg.init, loading images and sounds) is the first frame, well over budget:
    // its samples show the game's own main() on the main thread.
    bool saw_main = false;
    for (const StackSample& sample : bundle->samples) {
        if (sample.frame_index != 0)
            continue;
        const ThreadStack& main = test::main_thread_of(*bundle, sample);
        for (uint32_t f = main.first_frame; f < main.first_frame + main.frame_count; ++f)
            saw_main |= bundle->strings.get(bundle->stack_frames[f].function) == "main" &&
                        bundle->strings.get(bundle->stack_frames[f].file) == aliens;
    }
    CHECK(saw_main);
    CHECK(bundle->ending.status == SessionStatus::clean);
}

} // namespace framescope
