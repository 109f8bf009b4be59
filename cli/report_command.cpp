// framescope report: the findings of report bundles, faulthandler stall traces and traces
// read per frame, headless: frame statistics per session, stall groups ranked by time lost,
// the worst frames with what blocked them, and the crashes.

#include <cstdio>
#include <string>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_arguments.h"
#include "model/findings_format.h"
#include "model/report_inputs.h"

namespace framescope {
namespace {

constexpr const char* kUsage =
    "usage: framescope report [--db PATH|URL] [--format text|md|json] [--budget MS] [--worst N]\n"
    "                         [--frame-function NAME] [BUNDLE|FILE|DIR|@ID...]\n"
    "  BUNDLE: a report bundle folder, .zip or .tar.gz; FILE: faulthandler timeout dumps or\n"
    "  crash reports (one session each); DIR: every bundle and file in it; @ID: a stored\n"
    "  session.\n"
    "  With none, every session in the database. --budget overrides each session's frame\n"
    "  budget; --worst sets how many of the worst frames to list (10). --frame-function reads\n"
    "  traces (viztracer, Trace Event JSON, evented speedscope) as sessions: each call of the\n"
    "  main loop's per-frame function NAME is a frame.\n";

} // namespace

int run_report_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::string format = "text";
    std::optional<std::string> db_path;
    FindingsOptions options;
    std::vector<std::string> paths;
    std::string frame_function;
    while (!args.done()) {
        if (auto v = args.value("--db")) {
            db_path = *v;
        } else if (auto v = args.value("--format")) {
            format = *v;
        } else if (auto v = args.value("--budget")) {
            options.budget_ms = std::atof(v->c_str());
        } else if (auto v = args.value("--frame-function")) {
            frame_function = *v;
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
    std::optional<FindingsFormat> chosen = parse_findings_format(format);
    if (!chosen) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    auto inputs =
        load_named_sessions(paths, db_path, nullptr, SessionParts::findings, frame_function);
    if (!inputs) {
        std::fprintf(stderr, "framescope: %s\n", inputs.error().to_string().c_str());
        return 1;
    }
    SessionFindings findings = find_session_findings(inputs->sessions, options);
    std::string text = format_findings(findings, *chosen);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

} // namespace framescope
