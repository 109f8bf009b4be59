// framescope overview: what the window's store overview shows, headless.

#include <cstdio>
#include <cstdlib>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "model/overview_format.h"
#include "store/database.h"

namespace framescope {
namespace {

constexpr const char* kUsage =
    "usage: framescope overview [--db PATH|URL] [--format text|md|json] [--top N]\n"
    "  The store's release health per application version (sessions, crashed, hung,\n"
    "  crash-free share, median session length), its top crash buckets and stall groups across\n"
    "  every stored session, and its profiles. --top (default 10) bounds the lists.\n";

} // namespace

int run_overview_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::optional<std::string> db_path;
    std::string format = "text";
    long top = 10;
    while (!args.done()) {
        if (auto v = args.value("--db")) {
            db_path = *v;
        } else if (auto v = args.value("--format")) {
            format = *v;
        } else if (auto v = args.value("--top")) {
            char* end = nullptr;
            top = std::strtol(v->c_str(), &end, 10);
            if (*end || top < 1) {
                std::fprintf(stderr, "framescope: --top: expected a positive number, got '%s'\n",
                             v->c_str());
                return 2;
            }
        } else if (args.flag("--help") || args.flag("-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fputs(kUsage, stderr);
            return 2;
        }
    }
    std::optional<FindingsFormat> chosen = parse_findings_format(format);
    if (!chosen) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    Result<std::shared_ptr<StoreOverview>> overview =
        load_store_overview(db_path.value_or(default_database_path()));
    if (!overview) {
        std::fprintf(stderr, "framescope: %s\n", overview.error().to_string().c_str());
        return 1;
    }
    std::string text = format_overview(**overview, *chosen, size_t(top));
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

} // namespace framescope
