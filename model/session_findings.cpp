#include "model/session_findings.h"

#include <algorithm>
#include <cstdint>

namespace framescope {
namespace {

// The exception line of a traceback: its last unindented line.
std::string exception_line(std::string_view text) {
    std::string_view last;
    size_t begin = 0;
    while (begin < text.size()) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(begin, end - begin);
        if (!line.empty() && line[0] != ' ' && line[0] != '\t' &&
            line.find_first_not_of(" \r") != std::string_view::npos)
            last = line;
        begin = end + 1;
    }
    return std::string(last);
}

std::string fatal_line(std::string_view text) {
    size_t at = text.find("Fatal Python error: ");
    if (at == std::string_view::npos)
        return "Fatal Python error";
    size_t end = text.find('\n', at);
    return std::string(
        text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
}

SessionSummary summarise(const ReportBundle& bundle, const FindingsOptions& options) {
    SessionSummary summary;
    summary.source = bundle.source;
    summary.app = bundle.session.app;
    summary.version = bundle.session.version;
    summary.interpreter = bundle.session.interpreter;
    summary.python_version = bundle.session.python_version;
    summary.ending = bundle.ending;
    summary.has_frame_timings = bundle.has_frame_timings;
    summary.budget_ms = options.budget_ms > 0 ? options.budget_ms : bundle.session.frame_budget_ms;
    summary.stall_ms = bundle.session.stall_ms;
    summary.samples = bundle.samples.size();
    if (bundle.has_frame_timings)
        summary.frames =
            frame_statistics(bundle.frames.duration_us, summary.budget_ms, summary.stall_ms);
    if (bundle.has_frame_timings && bundle.frames.size() > 0) {
        summary.ledger = frame_budget_ledger(bundle, 0, UINT32_MAX, summary.budget_ms);
        if (summary.ledger.lines.size() > options.ledger_lines)
            summary.ledger.lines.resize(options.ledger_lines);
    }
    summary.gc_pauses = bundle.gc_events.size();
    for (const GcEvent& event : bundle.gc_events)
        summary.longest_gc_ms = std::max(summary.longest_gc_ms, event.duration_ms);
    summary.crashes = bundle.crashes.size() + (bundle.fatal_error.empty() ? 0 : 1);
    return summary;
}

void add_worst_frames(const ReportBundle& bundle, size_t session, const SessionSummary& summary,
                      size_t limit, std::vector<WorstFrame>& worst) {
    if (!bundle.has_frame_timings)
        return;
    const FrameTimings& frames = bundle.frames;
    std::vector<uint32_t> order(frames.size());
    for (uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    size_t keep = std::min(limit, order.size());
    std::partial_sort(
        order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
        [&](uint32_t a, uint32_t b) { return frames.duration_us[a] > frames.duration_us[b]; });
    for (size_t k = 0; k < keep; ++k) {
        uint32_t i = order[k];
        WorstFrame frame;
        frame.session = session;
        frame.frame_index = i;
        frame.start_s = frames.start_us[i] / 1e6;
        frame.duration_ms = frames.duration_us[i] / 1000.0;
        frame.severity = frame_severity(frame.duration_ms, summary.budget_ms, summary.stall_ms);
        if (frame.severity == FrameSeverity::within_budget)
            break;
        worst.push_back(std::move(frame));
    }
}

} // namespace

SessionFindings find_session_findings(std::span<const ReportBundle> bundles,
                                      const FindingsOptions& options) {
    SessionFindings findings;
    for (size_t s = 0; s < bundles.size(); ++s) {
        const ReportBundle& bundle = bundles[s];
        findings.sessions.push_back(summarise(bundle, options));
        add_worst_frames(bundle, s, findings.sessions.back(), options.worst_frames,
                         findings.worst_frames);
        for (Stall& stall : find_stalls(bundle, s))
            findings.stalls.push_back(std::move(stall));
        for (const CrashRecord& crash : bundle.crashes)
            findings.crashes.push_back({s, crash.kind, crash.thread, exception_line(crash.text)});
        if (!bundle.fatal_error.empty())
            findings.crashes.push_back({s, "fatal", "", fatal_line(bundle.fatal_error)});
    }
    std::stable_sort(
        findings.worst_frames.begin(), findings.worst_frames.end(),
        [](const WorstFrame& a, const WorstFrame& b) { return a.duration_ms > b.duration_ms; });
    if (findings.worst_frames.size() > options.worst_frames)
        findings.worst_frames.resize(options.worst_frames);
    // What the frames that made the list overlapped, and where they were blocked: only
    // theirs, not every session's worst.
    for (WorstFrame& frame : findings.worst_frames) {
        const ReportBundle& bundle = bundles[frame.session];
        frame.gc_ms =
            gc_ms_between(bundle, frame.start_s, frame.start_s + frame.duration_ms / 1000.0);
        frame.stack = frame_blocking_stack(bundle, frame.frame_index);
    }
    findings.stall_groups = group_stalls(bundles, findings.stalls);
    findings.crash_inputs = crash_inputs_of(bundles);
    findings.crash_buckets = bucket_crashes(findings.crash_inputs, BucketRules{});
    findings.health = session_health(bundles);
    return findings;
}

} // namespace framescope
