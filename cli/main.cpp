// framescope's entry point: dispatches to a subcommand. An exception that a command let
// through (out of memory, a bug) ends here as one line and exit code 1, never an abort.

#include <cstdio>
#include <cstring>
#include <exception>

#include "cli/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: framescope [--screenshot PNG] [--view table|callers|tree|flame|sandwich|details]\n"
    "                  [--select FUNCTION] [--search TEXT] [--size WxH] FILE|BUNDLE|DIR...\n"
    "       framescope --db PATH|URL [@ID]\n"
    "         the store's overview, or a stored profile or session; PATH a SQLite file, URL\n"
    "         postgresql://USER@HOST:PORT/DB\n"
    "       framescope --compare A.pstats B.pstats\n"
    "         opens profiles, report bundles, stall traces and crash reports, or a comparison,\n"
    "         in a window (without a display, prints their findings)\n"
    "       framescope COMMAND [ARGS]\n"
    "  stats   print a profile as Python's pstats does (sort, limit, callers, callees)\n"
    "  import  store profiles, report bundles, stall traces and crash reports in the database\n"
    "  list    list what the database holds\n"
    "  export  write the findings (markdown), the call tree (tree) or the flame graph (svg)\n"
    "  report  print the findings of report bundles and stall traces: frames, stalls, crashes\n"
    "  buckets group crash reports by signature, with session health\n"
    "  overview the store's release health per version, top crash buckets and stall groups\n"
    "  diff    compare two profiles: what got slower or faster, function by function\n"
    "  serve   collect bundles, profiles and crash reports that applications upload (HTTP)\n"
    "Run 'framescope COMMAND --help' for a command's options.\n";

int run_command(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const char* command = argv[1];
    if (std::strcmp(command, "stats") == 0)
        return framescope::run_stats_command(argc, argv);
    if (std::strcmp(command, "import") == 0)
        return framescope::run_import_command(argc, argv);
    if (std::strcmp(command, "list") == 0)
        return framescope::run_list_command(argc, argv);
    if (std::strcmp(command, "export") == 0)
        return framescope::run_export_command(argc, argv);
    if (std::strcmp(command, "report") == 0)
        return framescope::run_report_command(argc, argv);
    if (std::strcmp(command, "buckets") == 0)
        return framescope::run_buckets_command(argc, argv);
    if (std::strcmp(command, "overview") == 0)
        return framescope::run_overview_command(argc, argv);
    if (std::strcmp(command, "diff") == 0)
        return framescope::run_diff_command(argc, argv);
    if (std::strcmp(command, "serve") == 0)
        return framescope::run_serve_command(argc, argv);
    if (std::strcmp(command, "--help") == 0 || std::strcmp(command, "-h") == 0) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    return framescope::run_view_command(argc, argv);
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run_command(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "framescope: internal error: %s\n", error.what());
    } catch (...) {
        std::fputs("framescope: internal error\n", stderr);
    }
    return 1;
}
