// framescope export: the window's exports, headless, for bug reports and CI logs.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "model/format_exports.h"
#include "model/frame_function.h"
#include "model/function_search.h"
#include "model/load_job.h"
#include "model/profile_exports.h"

namespace framescope {
namespace {

constexpr const char* kUsage =
    "usage: framescope export --as markdown|tree|svg|speedscope|collapsed|callgrind|json\n"
    "                         [--output PATH] [--frame-function NAME [--budget-ms MS]] FILE...\n"
    "  markdown: the hottest functions and paths; tree: the call tree, indented;\n"
    "  svg: the flame graph, with hover titles. Writes to standard output by default.\n"
    "  speedscope, collapsed (flamegraph.pl's folded stacks; seconds as whole microseconds),\n"
    "  callgrind (for KCachegrind; seconds as whole nanoseconds): the profile in those tools'\n"
    "  formats, its paths attributed from caller edges for pstats (speedscope says so).\n"
    "  json: the function table, {\"format\", \"unit\", \"total\", \"functions\": [...]}.\n"
    "  --frame-function NAME (the main loop's per-frame function; \"suggested\" picks it)\n"
    "  adds each function's ms per frame and its share of a budget of MS (16.7) to markdown.\n";

} // namespace

int run_export_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::string as, output, frame_function;
    double budget_ms = kDefaultBudgetMs;
    std::vector<std::string> files;
    while (!args.done()) {
        if (auto v = args.value("--as")) {
            as = *v;
        } else if (auto v = args.value("--output")) {
            output = *v;
        } else if (auto v = args.value("--frame-function")) {
            frame_function = *v;
        } else if (auto v = args.value("--budget-ms")) {
            budget_ms = std::atof(v->c_str());
        } else if (args.flag("--help") || args.flag("-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (args.missing_value || args.peek().rfind("--", 0) == 0) {
            std::fputs(kUsage, stderr);
            return 2;
        } else {
            files.push_back(args.take());
        }
    }
    const std::vector<std::string> modes = {"markdown",  "tree",      "svg", "speedscope",
                                            "collapsed", "callgrind", "json"};
    if (files.empty() || std::find(modes.begin(), modes.end(), as) == modes.end()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    Result<std::shared_ptr<LoadedProfile>> loaded = load_profiles(files);
    if (!loaded) {
        std::fprintf(stderr, "framescope: %s\n", loaded.error().to_string().c_str());
        return 1;
    }
    const LoadedProfile& l = *loaded.value();
    std::optional<FrameBudget> frames;
    if (!frame_function.empty()) {
        std::optional<FunctionId> f = frame_function == "suggested"
                                          ? suggest_frame_function(l.profile, l.busy)
                                          : find_function(l.profile, frame_function);
        if (!f || budget_ms <= 0) {
            std::fprintf(stderr, "framescope: %s\n",
                         budget_ms <= 0 ? "--budget-ms must be more than 0"
                         : frame_function == "suggested"
                             ? "no function is called once a frame in this profile"
                             : ("no function '" + frame_function + "' in the profile").c_str());
            return 1;
        }
        frames = FrameBudget{*f, budget_ms};
    }
    std::string text = as == "markdown"
                           ? findings_markdown(l.profile, l.tree, 10, frames ? &*frames : nullptr)
                       : as == "tree"       ? call_tree_text(l.profile, l.tree)
                       : as == "svg"        ? flame_graph_svg(l.profile, l.tree)
                       : as == "speedscope" ? speedscope_export(l)
                       : as == "collapsed"  ? collapsed_export(l)
                       : as == "callgrind"  ? callgrind_export(l)
                                            : json_export(l);
    if (output.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    std::ofstream out(output, std::ios::binary);
    out << text;
    if (!out.good()) {
        std::fprintf(stderr, "framescope: %s: cannot write\n", output.c_str());
        return 1;
    }
    return 0;
}

} // namespace framescope
