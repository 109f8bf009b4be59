// The frame budget ledger on sessions the recorder writes here and now: a loop in which one
// function runs long in some frames must top the ledger, with as many frames lost as the
// frames' own samples say it held up. Also a hung sample session, and the ledger in reports.

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "loaders/bundle_loader.h"
#include "model/findings_format.h"
#include "model/frame_budget_ledger.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

ReportBundle record_ledger_session(const std::string& interpreter, const test::TempDir& dir) {
    test::CommandResult run =
        test::run_command("PYTHONPATH=" + test::quote(test::recorder_dir().string()) + " " +
                          test::quote(interpreter) + " " +
                          test::quote((test::fixtures_dir() / "recorder_app.py").string()) +
                          " ledger " + test::quote(dir.path().string()));
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    std::filesystem::path bundle_dir;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        if (entry.is_directory())
            bundle_dir = entry.path();
    Result<ReportBundle> bundle = load_bundle(bundle_dir.string());
    REQUIRE_MESSAGE(bundle, bundle.error().to_string());
    return std::move(*bundle);
}

std::string_view innermost_main_function(const ReportBundle& bundle, const StackSample& sample) {
    for (uint32_t t = sample.first_thread; t < sample.first_thread + sample.thread_count; ++t) {
        const ThreadStack& thread = bundle.threads[t];
        if (thread.is_main && thread.frame_count > 0)
            return bundle.strings.get(bundle.stack_frames[thread.first_frame].function);
    }
    return {};
}

// Over-budget frames of [first, last] all of whose samples have `function` innermost on the
// main thread.
size_t frames_held_up_by(const ReportBundle& bundle, std::string_view function, uint32_t first = 0,
                         uint32_t last = UINT32_MAX) {
    size_t held = 0;
    for (uint32_t frame = first; frame < bundle.frames.size() && frame <= last; ++frame) {
        if (bundle.frames.duration_us[frame] / 1000.0 <= bundle.session.frame_budget_ms)
            continue;
        size_t samples = 0, in_function = 0;
        for (const StackSample& sample : bundle.samples)
            if (sample.frame_index == frame) {
                ++samples;
                in_function += innermost_main_function(bundle, sample) == function ? 1 : 0;
            }
        held += samples > 0 && in_function == samples ? 1 : 0;
    }
    return held;
}

// The frames in which `function` was sampled innermost on the main thread.
std::vector<uint32_t> frames_sampled_in(const ReportBundle& bundle, std::string_view function) {
    std::vector<uint32_t> frames;
    for (const StackSample& sample : bundle.samples)
        if (innermost_main_function(bundle, sample) == function &&
            (frames.empty() || frames.back() != sample.frame_index))
            frames.push_back(sample.frame_index);
    return frames;
}

const LedgerLine* line_of(const FrameBudgetLedger& ledger, std::string_view function) {
    for (const LedgerLine& line : ledger.lines)
        if (line.function == function)
            return &line;
    return nullptr;
}

} // namespace

TEST_CASE("frame budget ledger: the function that runs long in some frames tops it") {
    for (const std::string& interpreter : test::interpreters()) {
        CAPTURE(interpreter);
        test::TempDir dir;
        ReportBundle bundle = record_ledger_session(interpreter, dir);
        REQUIRE(bundle.frames.size() >= 40);
        FrameBudgetLedger ledger = session_ledger(bundle);
        REQUIRE(!ledger.lines.empty());

        size_t layout_frames = frames_held_up_by(bundle, "slow_layout");
        size_t texture_frames = frames_held_up_by(bundle, "load_textures");
        REQUIRE(layout_frames > 0);
        CHECK(ledger.lines.front().function == "slow_layout");
        CHECK(ledger.lines.front().file.ends_with("recorder_app.py"));
        CHECK(ledger.lines.front().frames_lost == layout_frames);
        if (const LedgerLine* textures = line_of(ledger, "load_textures")) {
            CHECK(textures->frames_lost == texture_frames);
            CHECK(textures->self_ms_per_frame < ledger.lines.front().self_ms_per_frame);
        }
        CHECK(line_of(ledger, "draw_scene") == nullptr); // never late, never sampled

        const LedgerLine& layout = ledger.lines.front();
        CHECK(layout.frames_lost_per_minute ==
              doctest::Approx(double(layout.frames_lost) / (ledger.range_s / 60)));
        // Its sampled time is a share of the time its frames took, spread over every frame.
        double slow_frames_ms = 0;
        for (uint32_t frame : frames_sampled_in(bundle, "slow_layout"))
            slow_frames_ms += bundle.frames.duration_us[frame] / 1000.0;
        CHECK(layout.self_ms_per_frame > 0);
        CHECK(layout.self_ms_per_frame * double(ledger.frames) < slow_frames_ms);
        CHECK(layout.total_ms_per_frame >= layout.self_ms_per_frame);
        CHECK(ledger.over_budget >= layout_frames + texture_frames);
    }
}

TEST_CASE("frame budget ledger: a range counts only its own frames") {
    test::TempDir dir;
    ReportBundle bundle = record_ledger_session(test::python3(), dir);
    REQUIRE(bundle.frames.size() >= 40);
    std::vector<uint32_t> layout_frames = frames_sampled_in(bundle, "slow_layout");
    REQUIRE(!layout_frames.empty());
    uint32_t first_slow = layout_frames.front();
    REQUIRE(first_slow > 0);
    FrameBudgetLedger before =
        frame_budget_ledger(bundle, 0, first_slow - 1, bundle.session.frame_budget_ms);
    CHECK(before.frames == first_slow);
    CHECK(line_of(before, "slow_layout") == nullptr);
    FrameBudgetLedger one =
        frame_budget_ledger(bundle, first_slow, first_slow, bundle.session.frame_budget_ms);
    CHECK(one.frames == 1);
    REQUIRE(!one.lines.empty());
    CHECK(one.lines.front().function == "slow_layout");
    CHECK(one.lines.front().frames_lost ==
          frames_held_up_by(bundle, "slow_layout", first_slow, first_slow));
}

TEST_CASE("frame budget ledger: a hung session's unfinished frame is lost to where it hung") {
    Result<ReportBundle> loaded =
        load_bundle((test::samples_dir() / "bundles" / "network-hang").string());
    REQUIRE_MESSAGE(loaded, loaded.error().to_string());
    const ReportBundle& bundle = *loaded;
    REQUIRE(bundle.ending.hung);
    FrameBudgetLedger ledger = session_ledger(bundle);
    CHECK(ledger.frames == bundle.frames.size() + 1); // the finished ones and the hung one
    CHECK(ledger.last_frame == bundle.frames.size());
    REQUIRE(!ledger.lines.empty());
    // All of the session's samples are of the hang, with the main thread in one place.
    std::string_view hung_in = innermost_main_function(bundle, bundle.samples.back());
    CHECK(ledger.lines.front().function == hung_in);
    CHECK(ledger.lines.front().frames_lost == 1);
    CHECK(ledger.over_budget ==
          frame_budget_ledger(bundle, 0, uint32_t(bundle.frames.size() - 1), ledger.budget_ms)
                  .over_budget +
              1);
}

TEST_CASE("frame budget ledger: a report's text, Markdown and JSON give the same lines") {
    test::TempDir dir;
    std::vector<ReportBundle> sessions;
    sessions.push_back(record_ledger_session(test::python3(), dir));
    SessionFindings findings = find_session_findings(sessions);
    const FrameBudgetLedger& ledger = findings.sessions.front().ledger;
    REQUIRE(!ledger.lines.empty());
    CHECK(ledger.lines.size() <= FindingsOptions{}.ledger_lines);

    nlohmann::json report = nlohmann::json::parse(format_findings(findings, FindingsFormat::json));
    const nlohmann::json& lines = report["frame_budget_ledgers"][0]["lines"];
    REQUIRE(lines.size() == ledger.lines.size());
    CHECK(lines[0]["function"] == "slow_layout");
    CHECK(lines[0]["frames_lost"] == ledger.lines.front().frames_lost);
    CHECK(lines[0]["self_ms_per_frame"].get<double>() ==
          doctest::Approx(ledger.lines.front().self_ms_per_frame));

    char per_minute[32];
    std::snprintf(per_minute, sizeof per_minute, "%.1f",
                  lines[0]["frames_lost_per_minute"].get<double>());
    std::string text = format_findings(findings, FindingsFormat::text);
    std::string markdown = format_findings(findings, FindingsFormat::markdown);
    CHECK(text.find("Frame budget ledger") != std::string::npos);
    CHECK(text.find(" lost (" + std::string(per_minute) + "/min)  slow_layout (recorder_app.py:") !=
          std::string::npos);
    CHECK(markdown.find("## Frame budget ledger") != std::string::npos);
    CHECK(markdown.find("| `slow_layout (recorder_app.py:") != std::string::npos);
    CHECK(markdown.find(" | " + std::to_string(ledger.lines.front().frames_lost) + " | " +
                        per_minute + " |") != std::string::npos);
}

} // namespace framescope
