#include "model/findings_format.h"

#include "model/bucket_format.h"
#include "model/ledger_format.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace framescope {
namespace {

using Json = nlohmann::ordered_json;

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string base_name(const std::string& path) {
    size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string ending_text(const SessionEnding& ending) {
    std::string text = to_string(ending.status);
    if (ending.hung)
        text += " (hung)";
    return text;
}

std::string stack_line(const std::vector<StackEntry>& stack, size_t limit) {
    std::string line;
    for (size_t i = 0; i < stack.size() && i < limit; ++i)
        line += (i ? " <- " : "") + describe_frame(stack[i]);
    if (stack.size() > limit)
        line += " <- ...";
    return line.empty() ? "(not sampled)" : line;
}

std::string plural(size_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

// -- text and Markdown ---------------------------------------------------------------------

std::string session_line(const SessionSummary& session) {
    return session.source + ": " + describe_session(session);
}

std::string frames_line(const SessionSummary& session) {
    if (!session.has_frame_timings && session.samples == 0)
        return "crash report: no frame times";
    if (!session.has_frame_timings && session.stall_ms == 0)
        return "hang dump: " + plural(session.samples, "dump", "dumps") +
               ", frame times and dump times unknown";
    if (!session.has_frame_timings)
        return "stall trace: frame times unknown; a dump every " + fixed(session.stall_ms, 0) +
               " ms";
    const FrameStatistics& f = session.frames;
    return plural(f.frames, "frame", "frames") + " in " + fixed(f.total_s, 1) + " s against a " +
           fixed(session.budget_ms, 1) + " ms budget: p50 " + fixed(f.p50_ms, 1) + " ms, p90 " +
           fixed(f.p90_ms, 1) + ", p99 " + fixed(f.p99_ms, 1) + ", max " + fixed(f.max_ms, 1) +
           "; " + std::to_string(f.over_budget) + " over budget, " +
           std::to_string(f.over_twice_budget) + " over twice, " +
           plural(f.stalls, "stall", "stalls") + " (>= " + fixed(session.stall_ms, 0) + " ms)";
}

std::string group_heading(const StallGroup& group) {
    std::string lost =
        group.total_s > 0
            ? describe_seconds(group.total_s) + " lost in " + plural(group.count, "stall", "stalls")
            : plural(group.count, "stall", "stalls") + " of unknown length";
    return lost + " (" + plural(group.sessions, "session", "sessions") +
           (group.longest_s > 0 ? "; longest " + describe_seconds(group.longest_s) : "") + "; " +
           plural(group.samples, "sample", "samples") +
           (group.unfinished ? "; " + std::to_string(group.unfinished) + " never ended (hung)"
                             : "") +
           (group.during_gc ? "; collector running in " + std::to_string(group.during_gc) : "") +
           ")";
}

std::string worst_frame_line(const SessionFindings& findings, const WorstFrame& frame) {
    std::string line = fixed(frame.duration_ms, 1) + " ms (" + to_string(frame.severity) +
                       "), frame " + std::to_string(frame.frame_index) + " at " +
                       fixed(frame.start_s, 2) + " s of " + findings.sessions[frame.session].source;
    if (frame.gc_ms > 0)
        line += "; garbage collection " + fixed(frame.gc_ms, 1) + " ms of it";
    return line;
}

std::string text_report(const SessionFindings& findings) {
    std::string out = "Sessions (" + std::to_string(findings.sessions.size()) + ")\n";
    for (const SessionSummary& session : findings.sessions) {
        out += "  " + session_line(session) + "\n";
        out += "    " + frames_line(session) + "\n";
        if (session.gc_pauses)
            out += "    " + plural(session.gc_pauses, "GC pause", "GC pauses") +
                   " recorded, longest " + fixed(session.longest_gc_ms, 1) + " ms\n";
    }
    out +=
        "\nStalls by time lost (" + plural(findings.stall_groups.size(), "group", "groups") + ")\n";
    for (size_t g = 0; g < findings.stall_groups.size(); ++g) {
        const StallGroup& group = findings.stall_groups[g];
        out += "  " + std::to_string(g + 1) + ". " + group_heading(group) + "\n";
        for (const StackEntry& entry : group.stack)
            out += "       " + describe_frame(entry) + "  " + entry.file + "\n";
        if (!group.reentered.empty()) {
            out += "     re-entered on the same thread:";
            for (const std::string& function : group.reentered)
                out += " " + function;
            out += "\n";
        }
        for (const OtherThread& thread : group.other_threads)
            out += "     meanwhile " + thread.thread + " (" +
                   plural(thread.samples, "sample", "samples") +
                   "): " + stack_line(thread.stack, 3) + "\n";
    }
    out += "\nWorst frames\n";
    for (size_t i = 0; i < findings.worst_frames.size(); ++i) {
        const WorstFrame& frame = findings.worst_frames[i];
        out += "  " + std::to_string(i + 1) + ". " + worst_frame_line(findings, frame) + "\n";
        out += "     " + stack_line(frame.stack, 4) + "\n";
    }
    if (findings.worst_frames.empty())
        out += "  none over budget\n";
    out += format_ledgers(findings.sessions, FindingsFormat::text);
    out += "\nCrashes (" + std::to_string(findings.crashes.size()) + ")\n";
    for (const CrashFinding& crash : findings.crashes)
        out += "  " + findings.sessions[crash.session].source + ": " + crash.kind +
               (crash.thread.empty() ? "" : " on " + crash.thread) + ": " + crash.summary + "\n";
    return out + "\n" +
           format_buckets(findings.crash_buckets, findings.health, FindingsFormat::text);
}

std::string markdown_cell(std::string text) {
    std::string escaped;
    for (char c : text)
        escaped += c == '|' ? std::string("\\|") : std::string(1, c);
    return escaped;
}

std::string markdown_report(const SessionFindings& findings) {
    std::string out =
        "## Sessions\n\n| session | app | interpreter | ended | frames | p50 ms | p90 ms | "
        "p99 ms | max ms | over budget | stalls |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const SessionSummary& s : findings.sessions) {
        const FrameStatistics& f = s.frames;
        out += "| " + markdown_cell(s.source) + " | " + markdown_cell(s.app + " " + s.version) +
               " | " + s.interpreter + " " + s.python_version + " | " + ending_text(s.ending) +
               " | ";
        if (s.has_frame_timings)
            out += std::to_string(f.frames) + " | " + fixed(f.p50_ms, 1) + " | " +
                   fixed(f.p90_ms, 1) + " | " + fixed(f.p99_ms, 1) + " | " + fixed(f.max_ms, 1) +
                   " | " + std::to_string(f.over_budget) + " | " + std::to_string(f.stalls) +
                   " |\n";
        else
            out += "unknown | | | | | | |\n";
    }
    out += "\n## Stalls by time lost\n\n";
    for (size_t g = 0; g < findings.stall_groups.size(); ++g) {
        const StallGroup& group = findings.stall_groups[g];
        out += std::to_string(g + 1) + ". **" +
               markdown_cell(group.stack.empty() ? "(not sampled)"
                                                 : describe_frame(group.stack.front())) +
               "**: " + group_heading(group) + "\n\n   ```\n";
        for (const StackEntry& entry : group.stack)
            out += "   " + describe_frame(entry) + "  " + entry.file + "\n";
        out += "   ```\n";
        if (!group.reentered.empty()) {
            out += "   Re-entered on the same thread:";
            for (const std::string& function : group.reentered)
                out += " `" + function + "`";
            out += "\n";
        }
        for (const OtherThread& thread : group.other_threads)
            out += "   - meanwhile " + markdown_cell(thread.thread) + " (" +
                   plural(thread.samples, "sample", "samples") + "): `" +
                   stack_line(thread.stack, 3) + "`\n";
        out += "\n";
    }
    out += "## Worst frames\n\n| ms | severity | frame | at s | session | GC ms | main thread |\n"
           "|---|---|---|---|---|---|---|\n";
    for (const WorstFrame& frame : findings.worst_frames)
        out += "| " + fixed(frame.duration_ms, 1) + " | " + to_string(frame.severity) + " | " +
               std::to_string(frame.frame_index) + " | " + fixed(frame.start_s, 2) + " | " +
               markdown_cell(findings.sessions[frame.session].source) + " | " +
               fixed(frame.gc_ms, 1) + " | `" + markdown_cell(stack_line(frame.stack, 3)) + "` |\n";
    out += format_ledgers(findings.sessions, FindingsFormat::markdown);
    out += "\n## Crashes\n\n";
    for (const CrashFinding& crash : findings.crashes)
        out += "- " + markdown_cell(findings.sessions[crash.session].source) + ": " + crash.kind +
               (crash.thread.empty() ? "" : " on " + crash.thread) + ": `" + crash.summary + "`\n";
    if (findings.crashes.empty())
        out += "None.\n";
    return out + "\n" +
           format_buckets(findings.crash_buckets, findings.health, FindingsFormat::markdown);
}

// -- JSON --------------------------------------------------------------------------------------

Json stack_json(const std::vector<StackEntry>& stack) {
    Json entries = Json::array();
    for (const StackEntry& entry : stack)
        entries.push_back(
            {{"file", entry.file}, {"line", entry.line}, {"function", entry.function}});
    return entries;
}

std::string json_report(const SessionFindings& findings) {
    Json report;
    Json sessions = Json::array();
    for (const SessionSummary& s : findings.sessions) {
        Json session = {{"source", s.source},
                        {"app", s.app},
                        {"version", s.version},
                        {"interpreter", s.interpreter},
                        {"python_version", s.python_version},
                        {"status", to_string(s.ending.status)},
                        {"hung", s.ending.hung},
                        {"frame_budget_ms", s.budget_ms},
                        {"stall_ms", s.stall_ms},
                        {"gc_pauses", s.gc_pauses},
                        {"longest_gc_ms", s.longest_gc_ms},
                        {"crashes", s.crashes}};
        if (s.has_frame_timings) {
            const FrameStatistics& f = s.frames;
            session["frames"] = {{"count", f.frames},
                                 {"total_seconds", f.total_s},
                                 {"p50_ms", f.p50_ms},
                                 {"p90_ms", f.p90_ms},
                                 {"p99_ms", f.p99_ms},
                                 {"max_ms", f.max_ms},
                                 {"over_budget", f.over_budget},
                                 {"over_twice_budget", f.over_twice_budget},
                                 {"stalls", f.stalls}};
        } else {
            session["frames"] = nullptr;
        }
        sessions.push_back(std::move(session));
    }
    report["sessions"] = std::move(sessions);
    Json groups = Json::array();
    for (const StallGroup& group : findings.stall_groups) {
        Json others = Json::array();
        for (const OtherThread& thread : group.other_threads)
            others.push_back({{"thread", thread.thread},
                              {"samples", thread.samples},
                              {"stack", stack_json(thread.stack)}});
        groups.push_back({{"signature", group.signature},
                          {"stack", stack_json(group.stack)},
                          {"count", group.count},
                          {"samples", group.samples},
                          {"total_seconds", group.total_s},
                          {"longest_seconds", group.longest_s},
                          {"sessions", group.sessions},
                          {"during_gc", group.during_gc},
                          {"unfinished", group.unfinished},
                          {"reentered", group.reentered},
                          {"other_threads", std::move(others)}});
    }
    report["stall_groups"] = std::move(groups);
    Json worst = Json::array();
    for (const WorstFrame& frame : findings.worst_frames)
        worst.push_back({{"session", findings.sessions[frame.session].source},
                         {"frame", frame.frame_index},
                         {"start_seconds", frame.start_s},
                         {"duration_ms", frame.duration_ms},
                         {"severity", to_string(frame.severity)},
                         {"gc_ms", frame.gc_ms},
                         {"stack", stack_json(frame.stack)}});
    report["worst_frames"] = std::move(worst);
    report["frame_budget_ledgers"] = ledgers_json(findings.sessions);
    Json crashes = Json::array();
    for (const CrashFinding& crash : findings.crashes)
        crashes.push_back({{"session", findings.sessions[crash.session].source},
                           {"kind", crash.kind},
                           {"thread", crash.thread},
                           {"summary", crash.summary}});
    report["crashes"] = std::move(crashes);
    report["crash_buckets"] = buckets_json(findings.crash_buckets);
    report["health"] = health_json(findings.health);
    return report.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace

std::optional<FindingsFormat> parse_findings_format(std::string_view name) {
    if (name == "text")
        return FindingsFormat::text;
    if (name == "md" || name == "markdown")
        return FindingsFormat::markdown;
    if (name == "json")
        return FindingsFormat::json;
    return std::nullopt;
}

std::string describe_session(const SessionSummary& session) {
    std::string line = session.app.empty() ? "unknown app" : session.app;
    if (!session.version.empty())
        line += " " + session.version;
    if (!session.interpreter.empty())
        line += ", " + session.interpreter;
    if (!session.python_version.empty())
        line += " " + session.python_version;
    return line + ", " + ending_text(session.ending);
}

std::string describe_seconds(double seconds) {
    return seconds > 0 ? fixed(seconds, 2) + " s" : "time unknown";
}

std::string describe_frame(const StackEntry& entry) {
    return entry.function + " (" + base_name(entry.file) + ":" + std::to_string(entry.line) + ")";
}

const char* to_string(FrameSeverity severity) {
    switch (severity) {
    case FrameSeverity::within_budget:
        return "within budget";
    case FrameSeverity::over_budget:
        return "over budget";
    case FrameSeverity::over_twice_budget:
        return "over twice the budget";
    case FrameSeverity::stall:
        return "stall";
    }
    return "";
}

std::string format_findings(const SessionFindings& findings, FindingsFormat format) {
    switch (format) {
    case FindingsFormat::text:
        return text_report(findings);
    case FindingsFormat::markdown:
        return markdown_report(findings);
    case FindingsFormat::json:
        return json_report(findings);
    }
    return {};
}

} // namespace framescope
