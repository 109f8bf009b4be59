#include "model/findings_format.h"

#include "model/bucket_format.h"
#include "model/ledger_format.h"
#include "model/text_format.h"
#include "model/versions.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace framescope {
namespace {

using Json = nlohmann::ordered_json;

std::string ending_text(const SessionEnding& ending) {
    std::string text = to_string(ending.status);
    if (ending.hung)
        text += " (hung)";
    return text;
}

// The recorder keeps 100 crash records a session and counts the rest.
std::string dropped_crashes_line(uint64_t dropped) {
    return plural(dropped, "more crash", "more crashes") + " not recorded";
}

std::string stack_line(const std::vector<StackEntry>& stack, size_t limit) {
    std::string line;
    for (size_t i = 0; i < stack.size() && i < limit; ++i)
        line += (i ? " <- " : "") + describe_frame(stack[i]);
    if (stack.size() > limit)
        line += " <- ...";
    return line.empty() ? "(not sampled)" : line;
}

// What every session ran, for "first seen in": the versions older than a group's first.
struct SessionVersions {
    std::vector<std::string> versions, interpreters;
};

SessionVersions session_versions(const SessionFindings& findings) {
    SessionVersions all;
    for (const SessionSummary& session : findings.sessions) {
        if (!session.version.empty())
            all.versions.push_back(session.version);
        std::string label = interpreter_label(session.interpreter, session.python_version);
        if (!label.empty())
            all.interpreters.push_back(label);
    }
    return all;
}

struct GroupVersions {
    std::vector<std::string> older_versions, older_interpreters; // sessions that lack it
};

GroupVersions group_versions(const StallGroup& group, const SessionVersions& all) {
    return {versions_before_first(group.versions, all.versions),
            interpreters_before_first(group.interpreters, all.interpreters)};
}

// -- text and Markdown ---------------------------------------------------------------------

std::string kind_line(const StallDiagnosis& diagnosis) {
    return std::string(stall_kind_title(diagnosis.kind)) +
           (diagnosis.evidence.empty() ? "" : ": " + diagnosis.evidence);
}

std::string versions_line(const StallGroup& group, const GroupVersions& older) {
    return "versions " + describe_versions(group.versions, older.older_versions) +
           "; interpreters " + describe_interpreters(group.interpreters, older.older_interpreters);
}

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
    SessionVersions all = session_versions(findings);
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
        out += "     kind: " + kind_line(group.diagnosis) + "\n";
        out += "     remedy: " + std::string(stall_kind_remedy(group.diagnosis.kind)) + "\n";
        if (!group.diagnosis.held_by.empty())
            out += "     lock held by: " + group.diagnosis.held_by + "\n";
        out += "     " + versions_line(group, group_versions(group, all)) + "\n";
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
    for (const SessionSummary& s : findings.sessions)
        if (s.ending.crashes_dropped)
            out += "  " + s.source + ": " + dropped_crashes_line(s.ending.crashes_dropped) + "\n";
    return out + "\n" +
           format_buckets(findings.crash_buckets, findings.health, FindingsFormat::text);
}

std::string markdown_cell(std::string text) {
    std::string escaped;
    for (char c : text)
        escaped += c == '|' ? std::string("\\|") : std::string(1, c);
    return escaped;
}

// Prose that names Python's dunders (__str__, __init__.py) and quotes code: escaped so that
// Markdown shows it as written.
std::string markdown_text(const std::string& text) {
    std::string escaped;
    for (char c : text) {
        if (c == '_' || c == '*' || c == '`' || c == '|' || c == '\\' || c == '[' || c == '<')
            escaped += '\\';
        escaped += c;
    }
    return escaped;
}

std::string markdown_report(const SessionFindings& findings) {
    SessionVersions all = session_versions(findings);
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
               "**: " + group_heading(group) + "\n\n";
        out += "   Kind: **" + std::string(stall_kind_title(group.diagnosis.kind)) + "**" +
               (group.diagnosis.evidence.empty()
                    ? ""
                    : " (" + markdown_text(group.diagnosis.evidence) + ")") +
               ". Remedy: " + markdown_text(stall_kind_remedy(group.diagnosis.kind)) + ".\n";
        if (!group.diagnosis.held_by.empty())
            out += "   Lock held by: " + markdown_text(group.diagnosis.held_by) + ".\n";
        out += "   " + markdown_text(versions_line(group, group_versions(group, all))) +
               ".\n\n   ```\n";
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
    for (const SessionSummary& s : findings.sessions)
        if (s.ending.crashes_dropped)
            out += "- " + markdown_cell(s.source) + ": " +
                   dropped_crashes_line(s.ending.crashes_dropped) + "\n";
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

Json or_null(const std::vector<std::string>& items) {
    return items.empty() ? Json() : Json(items.front());
}

std::string json_report(const SessionFindings& findings) {
    SessionVersions all = session_versions(findings);
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
                        {"crashes", s.crashes},
                        {"crashes_dropped", s.ending.crashes_dropped}};
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
        GroupVersions older = group_versions(group, all);
        Json others = Json::array();
        for (const OtherThread& thread : group.other_threads)
            others.push_back({{"thread", thread.thread},
                              {"samples", thread.samples},
                              {"stack", stack_json(thread.stack)}});
        groups.push_back(
            {{"signature", group.signature},
             {"stack", stack_json(group.stack)},
             {"count", group.count},
             {"samples", group.samples},
             {"total_seconds", group.total_s},
             {"longest_seconds", group.longest_s},
             {"sessions", group.sessions},
             {"during_gc", group.during_gc},
             {"unfinished", group.unfinished},
             {"reentered", group.reentered},
             {"kind", stall_kind_id(group.diagnosis.kind)},
             {"kind_title", stall_kind_title(group.diagnosis.kind)},
             {"evidence", group.diagnosis.evidence},
             {"remedy", stall_kind_remedy(group.diagnosis.kind)},
             {"lock_held_by",
              group.diagnosis.held_by.empty() ? Json() : Json(group.diagnosis.held_by)},
             {"versions", group.versions},
             {"first_version", or_null(group.versions)},
             {"versions_before_first", older.older_versions},
             {"interpreters", group.interpreters},
             {"first_interpreters", first_of_each_interpreter(group.interpreters)},
             {"interpreters_before_first", older.older_interpreters},
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

namespace {

std::string joined_list(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

std::string versions_text(const std::vector<std::string>& seen,
                          const std::vector<std::string>& firsts,
                          const std::vector<std::string>& older_without) {
    if (seen.empty())
        return "unknown";
    std::string text = joined_list(seen) + " (first seen in " + joined_list(firsts);
    if (!older_without.empty())
        text += "; not in " + joined_list(older_without);
    return text + ")";
}

} // namespace

std::string describe_versions(const std::vector<std::string>& seen,
                              const std::vector<std::string>& older_without) {
    return versions_text(seen, {seen.empty() ? std::string() : seen.front()}, older_without);
}

std::string describe_interpreters(const std::vector<std::string>& seen,
                                  const std::vector<std::string>& older_without) {
    return versions_text(seen, first_of_each_interpreter(seen), older_without);
}

std::string describe_seconds(double seconds) {
    return seconds > 0 ? fixed(seconds, 2) + " s" : "time unknown";
}

std::string describe_frame(const StackEntry& entry) {
    if (entry.file.empty()) // a C function in a trace: no file to name
        return entry.function;
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
