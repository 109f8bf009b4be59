// framescope report: the findings of report bundles and faulthandler stall traces, headless:
// frame statistics per session, stall groups ranked by time lost, the worst frames with
// what blocked them, and the crashes.

#include <cstdio>
#include <string>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "model/findings_format.h"
#include "model/report_inputs.h"
#include "store/session_store.h"

namespace framescope {
namespace {

constexpr const char* kUsage =
    "usage: framescope report [--db PATH] [--format text|md|json] [--budget MS] [--worst N]\n"
    "                         [BUNDLE|FILE|DIR|@ID...]\n"
    "  BUNDLE: a report bundle folder, .zip or .tar.gz; FILE: faulthandler timeout dumps\n"
    "  (one session each); DIR: every bundle and dump file in it; @ID: a stored session.\n"
    "  With none, every session in the database. --budget overrides each session's frame\n"
    "  budget; --worst sets how many of the worst frames to list (10).\n";

// The sessions named on the command line: files read directly, @IDs (or, with no names,
// everything) from the database.
Result<ReportInputs> load_sessions(const std::vector<std::string>& names,
                                   const std::optional<std::string>& db_path) {
    std::vector<std::string> paths;
    std::vector<SourceId> stored;
    for (const std::string& name : names) {
        if (name.starts_with("@"))
            stored.push_back(std::atoll(name.c_str() + 1));
        else
            paths.push_back(name);
    }
    Result<ReportInputs> inputs = load_report_inputs(paths);
    if (!inputs || (!names.empty() && stored.empty()))
        return inputs;
    Result<Database> db = Database::open(db_path.value_or(default_database_path()));
    if (!db)
        return db.error();
    if (names.empty()) {
        Result<std::vector<SourceId>> all = stored_session_ids(*db);
        if (!all)
            return all.error();
        stored = *all;
    }
    for (SourceId id : stored) {
        Result<ReportBundle> session = load_stored_session(*db, id);
        if (!session)
            return session.error();
        inputs->sessions.push_back(std::move(*session));
    }
    return inputs;
}

} // namespace

int run_report_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::string format = "text";
    std::optional<std::string> db_path;
    FindingsOptions options;
    std::vector<std::string> paths;
    while (!args.done()) {
        if (auto v = args.value("--db")) {
            db_path = *v;
        } else if (auto v = args.value("--format")) {
            format = *v;
        } else if (auto v = args.value("--budget")) {
            options.budget_ms = std::atof(v->c_str());
        } else if (auto v = args.value("--worst")) {
            options.worst_frames = static_cast<size_t>(std::atol(v->c_str()));
        } else if (args.flag("--help") || args.flag("-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (args.missing_value || args.peek().rfind("--", 0) == 0) {
            std::fputs(kUsage, stderr);
            return 2;
        } else {
            paths.push_back(args.take());
        }
    }
    FindingsFormat chosen = format == "json"                         ? FindingsFormat::json
                            : format == "md" || format == "markdown" ? FindingsFormat::markdown
                                                                     : FindingsFormat::text;
    if (format != "text" && format != "md" && format != "markdown" && format != "json") {
        std::fputs(kUsage, stderr);
        return 2;
    }
    auto inputs = load_sessions(paths, db_path);
    if (!inputs) {
        std::fprintf(stderr, "framescope: %s\n", inputs.error().to_string().c_str());
        return 1;
    }
    for (const std::string& skipped : inputs->skipped)
        std::fprintf(stderr, "framescope: skipped %s\n", skipped.c_str());
    SessionFindings findings = find_session_findings(inputs->sessions, options);
    std::string text = format_findings(findings, chosen);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

} // namespace framescope
