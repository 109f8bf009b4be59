// framescope export: the window's exports, headless, for bug reports and CI logs.

#include <cstdio>
#include <fstream>
#include <string>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "model/load_job.h"
#include "model/profile_exports.h"

namespace framescope {
namespace {

constexpr const char* kUsage =
    "usage: framescope export --as markdown|tree|svg [--output PATH] FILE...\n"
    "  markdown: the hottest functions and paths; tree: the call tree, indented;\n"
    "  svg: the flame graph, with hover titles. Writes to standard output by default.\n";

} // namespace

int run_export_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::string as, output;
    std::vector<std::string> files;
    while (!args.done()) {
        if (auto v = args.value("--as")) {
            as = *v;
        } else if (auto v = args.value("--output")) {
            output = *v;
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
    if (files.empty() || (as != "markdown" && as != "tree" && as != "svg")) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    Result<std::shared_ptr<LoadedProfile>> loaded = load_profiles(files);
    if (!loaded) {
        std::fprintf(stderr, "framescope: %s\n", loaded.error().to_string().c_str());
        return 1;
    }
    const LoadedProfile& l = *loaded.value();
    std::string text = as == "markdown" ? findings_markdown(l.profile, l.tree)
                       : as == "tree"   ? call_tree_text(l.profile, l.tree)
                                        : flame_graph_svg(l.profile, l.tree);
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
