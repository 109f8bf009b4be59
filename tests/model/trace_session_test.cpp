// Frame budgets from a trace: a real Python main loop, traced at test time the way viztracer
// traces one, read with its per-frame function named. Its frames must be the tick() calls,
// the slow ones where the loop made them slow, with the trace's own durations, and each
// frame's drill-in the exact tree of what that frame called.

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "model/frame_budget_ledger.h"
#include "model/report_inputs.h"
#include "model/session_findings.h"
#include "model/trace_session.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

constexpr int kFrames = 200;
const std::set<uint32_t> kSlowFrames = {17, 90, 151}; // each sleeps 40 ms in load_level()

struct TracedLoop {
    test::TempDir dir;
    std::string trace;
    std::vector<uint32_t> tick_us; // each tick's duration, as python3 reads the trace
    TracedLoop() : trace((dir.path() / "loop.json").string()) {
        test::run_fixture(test::python3(), "trace_main_loop.py",
                          {trace, std::to_string(kFrames), "17,90,151"});
        test::CommandResult durations = test::run_python3(
            "import json, sys\n"
            "events = json.load(open(sys.argv[1]))['traceEvents']\n"
            "ticks = sorted((e['ts'], e['dur']) for e in events\n"
            "               if e['ph'] == 'X' and e['name'].startswith('tick ('))\n"
            "print(' '.join(str(round(d)) for _, d in ticks))\n",
            {trace});
        REQUIRE(durations.exit_code == 0);
        std::istringstream in(durations.output);
        for (uint32_t us; in >> us;)
            tick_us.push_back(us);
    }
};

bool holds(const LoadedProfile& profile, std::string_view function) {
    for (FunctionId f = 0; f < profile.profile.function_count; ++f)
        if (is_named_function(profile.profile.strings.get(profile.profile.keys[f].name), function))
            return true;
    return false;
}

} // namespace

TEST_CASE("trace session: a real main loop's tick() calls are its frames") {
    TracedLoop loop;
    REQUIRE(loop.tick_us.size() == kFrames);
    Result<ReportInputs> inputs = load_report_inputs({loop.trace}, nullptr, nullptr, "tick");
    REQUIRE_MESSAGE(inputs, (inputs ? "" : inputs.error().to_string()));
    REQUIRE(inputs->sessions.size() == 1);
    const ReportBundle& session = inputs->sessions.front();
    REQUIRE(session.frames.size() == kFrames);
    for (uint32_t i = 0; i < kFrames; ++i) {
        CAPTURE(i);
        CHECK(std::abs(int64_t(session.frames.duration_us[i]) - int64_t(loop.tick_us[i])) <= 1);
        CHECK((session.frames.duration_us[i] > 30'000) == (kSlowFrames.count(i) == 1));
        if (i > 0)
            CHECK(session.frames.start_us[i] > session.frames.start_us[i - 1]);
    }

    SessionFindings findings = find_session_findings(inputs->sessions);
    REQUIRE(findings.worst_frames.size() >= kSlowFrames.size());
    std::set<uint32_t> worst;
    for (size_t k = 0; k < kSlowFrames.size(); ++k) {
        const WorstFrame& frame = findings.worst_frames[k];
        worst.insert(frame.frame_index);
        REQUIRE_FALSE(frame.stack.empty()); // where the frame spent its time: the sleep
        CHECK(frame.stack.front().function == "time.sleep");
        CHECK(std::any_of(frame.stack.begin(), frame.stack.end(),
                          [](const StackEntry& e) { return e.function == "load_level"; }));
    }
    CHECK(worst == kSlowFrames);
    CHECK(findings.sessions.front().frames.frames == kFrames);
    CHECK(findings.sessions.front().frames.over_budget >= kSlowFrames.size());
}

TEST_CASE("trace session: each frame's drill-in is the exact tree of what it called") {
    TracedLoop loop;
    Result<ReportInputs> inputs = load_report_inputs({loop.trace}, nullptr, nullptr, "tick");
    REQUIRE_MESSAGE(inputs, (inputs ? "" : inputs.error().to_string()));
    const ReportBundle& session = inputs->sessions.front();
    for (uint32_t i : {uint32_t(16), uint32_t(17), uint32_t(90), uint32_t(120)}) {
        CAPTURE(i);
        auto profile = profile_of_trace_frames(session, i, i, false, "frame");
        bool slow = kSlowFrames.count(i) == 1;
        CHECK(holds(*profile, "tick"));
        CHECK(holds(*profile, "update"));
        CHECK(holds(*profile, "render"));
        CHECK(holds(*profile, "load_level") == slow);
        CHECK(holds(*profile, "time.sleep") == slow);
        // The tree's width is the frame itself: every call in it, nothing sampled.
        CHECK(std::abs(profile->tree.total_s() * 1e6 - session.frames.duration_us[i]) <= 1);
        const CallNode& root = profile->tree.node(profile->tree.roots().front());
        CHECK(profile->profile.strings.get(profile->profile.keys[root.function].name) == "tick");
        CHECK(root.calls == 1);
    }
    // A range of frames holds them all: 200 tick calls over the whole loop.
    auto all = profile_of_trace_frames(session, 0, kFrames - 1, false, "all frames");
    const CallNode& root = all->tree.node(all->tree.roots().front());
    CHECK(root.calls == kFrames);
}

TEST_CASE("trace session: the frame budget ledger counts every traced call, exactly") {
    TracedLoop loop;
    Result<ReportInputs> inputs = load_report_inputs({loop.trace}, nullptr, nullptr, "tick");
    REQUIRE_MESSAGE(inputs, (inputs ? "" : inputs.error().to_string()));
    FrameBudgetLedger ledger = session_ledger(inputs->sessions.front());
    CHECK(ledger.frames == kFrames);
    CHECK(ledger.over_budget == kSlowFrames.size());
    CHECK(ledger.unattributed == 0);
    REQUIRE_FALSE(ledger.lines.empty());
    CHECK(ledger.lines.front().function == "time.sleep"); // what held each slow frame up
    CHECK(ledger.lines.front().frames_lost == kSlowFrames.size());

    // Whole times per frame, as python3 sums the trace's own durations.
    test::CommandResult sums =
        test::run_python3("import json, sys\n"
                          "events = json.load(open(sys.argv[1]))['traceEvents']\n"
                          "for name in ('load_level (', 'tick ('):\n"
                          "    print(sum(e['dur'] for e in events if e['ph'] == 'X' and "
                          "e['name'].startswith(name)))\n",
                          {loop.trace});
    REQUIRE(sums.exit_code == 0);
    std::istringstream in(sums.output);
    double load_level_us = 0, tick_us = 0;
    in >> load_level_us >> tick_us;
    auto line_of = [&](std::string_view function) {
        auto it = std::find_if(ledger.lines.begin(), ledger.lines.end(),
                               [&](const LedgerLine& line) { return line.function == function; });
        REQUIRE(it != ledger.lines.end());
        return *it;
    };
    CHECK(std::abs(line_of("load_level").total_ms_per_frame * 1000 * kFrames - load_level_us) < 5);
    CHECK(std::abs(line_of("tick").total_ms_per_frame * 1000 * kFrames - tick_us) < 5);
    CHECK(line_of("load_level").frames_lost == 0); // its own code is not what held it up
}

TEST_CASE("trace session: a frame function the trace never calls is an error naming it") {
    TracedLoop loop;
    Result<ReportInputs> inputs = load_report_inputs({loop.trace}, nullptr, nullptr, "no_such");
    REQUIRE_FALSE(inputs);
    std::string message = inputs.error().to_string();
    CHECK(message.find("loop.json") != std::string::npos);
    CHECK(message.find("'no_such'") != std::string::npos);
    CHECK(message.find("tick") != std::string::npos); // among the functions called most
}

TEST_CASE("trace session: framescope report --frame-function prints the frame findings") {
    TracedLoop loop;
    test::CommandResult report =
        test::run_command(test::quote(test::framescope_binary()) +
                          " report --frame-function tick " + test::quote(loop.trace));
    REQUIRE(report.exit_code == 0);
    CHECK(report.output.find("200 frames") != std::string::npos);
    CHECK(report.output.find("16.7 ms budget") != std::string::npos);
    CHECK(report.output.find("load_level") != std::string::npos);
    test::CommandResult json =
        test::run_command(test::quote(test::framescope_binary()) +
                          " report --format json --frame-function tick " + test::quote(loop.trace));
    REQUIRE(json.exit_code == 0);
    CHECK(json.output.find("\"count\": 200") != std::string::npos);
}

} // namespace framescope
