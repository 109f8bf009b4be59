// framescope stats: what Python prints for
//   pstats.Stats(FILE...).strip_dirs().sort_stats(KEY...).print_stats(AMOUNT...)
// (or print_callers / print_callees), for files on disk and for profiles in the store; for
// line_profiler's .lprof files what `python -m line_profiler FILE` prints.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/profile_arguments.h"
#include "core/file_bytes.h"
#include "loaders/input_kind.h"
#include "loaders/lprof_loader.h"
#include "model/line_profile_text.h"
#include "model/pstats_combine.h"
#include "model/pstats_text.h"

namespace framescope {
namespace {

constexpr const char* kUsage =
    "usage: framescope stats [--db PATH|URL] [--sort KEY[,KEY...]] [--limit N]\n"
    "                        [--filter REGEX] [--strip-dirs] [--callers|--callees] FILE|@ID...\n"
    "  Prints what Python's pstats prints for the same calls. --limit and --filter apply in\n"
    "  the order given (--limit 0.1 keeps a tenth). @ID names a profile in the store.\n"
    "  For line_profiler's .lprof files, prints what 'python -m line_profiler FILE' prints.\n";

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        size_t comma = text.find(',', start);
        parts.push_back(text.substr(start, comma - start));
        if (comma == std::string::npos)
            return parts;
        start = comma + 1;
    }
}

bool is_lprof(const std::string& input) {
    InputSniff sniff = input_kind(input);
    return sniff.kind == InputKind::profile && sniff.format == ProfileFormat::lprof;
}

// line_profiler's files: what `python -m line_profiler FILE` prints, file after file.
int print_line_profiles(const std::vector<std::string>& inputs) {
    for (const std::string& input : inputs) {
        Result<FileBytes> bytes = read_file_bytes(input);
        Result<LprofStats> stats =
            bytes ? load_lprof(bytes->bytes(), input) : Result<LprofStats>(bytes.error());
        if (!stats) {
            std::fprintf(stderr, "framescope: %s\n", stats.error().to_string().c_str());
            return 1;
        }
        std::string out = line_profile_text(*stats);
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return 0;
}

} // namespace

int run_stats_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::vector<std::string> sort_keys, inputs;
    std::vector<Restriction> amount;
    std::optional<std::string> db_path;
    bool strip = false, callers = false, callees = false;
    while (!args.done()) {
        if (auto v = args.value("--sort")) {
            for (const std::string& key : split_commas(*v))
                sort_keys.push_back(key);
        } else if (auto v = args.value("--limit")) {
            amount.push_back(Restriction::parse_amount(*v));
        } else if (auto v = args.value("--filter")) {
            Restriction r{};
            r.kind = Restriction::Kind::Pattern;
            r.pattern = *v;
            amount.push_back(r);
        } else if (auto v = args.value("--db")) {
            db_path = *v;
        } else if (args.flag("--strip-dirs")) {
            strip = true;
        } else if (args.flag("--callers")) {
            callers = true;
        } else if (args.flag("--callees")) {
            callees = true;
        } else if (args.flag("--help") || args.flag("-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (args.missing_value || (args.peek().rfind("--", 0) == 0)) {
            std::fprintf(stderr, "framescope stats: bad option '%s'\n%s",
                         args.missing_value ? "(missing value)" : args.peek().c_str(), kUsage);
            return 2;
        } else {
            inputs.push_back(args.take());
        }
    }
    if (inputs.empty() || (callers && callees)) {
        std::fputs(kUsage, stderr);
        return 2;
    }

    std::optional<SortOrder> order;
    if (!sort_keys.empty()) {
        Result<SortOrder> parsed = parse_sort_order(sort_keys);
        if (!parsed) {
            std::fprintf(stderr, "framescope stats: %s\n", parsed.error().to_string().c_str());
            return 2;
        }
        order = std::move(parsed).value();
    }

    if (std::all_of(inputs.begin(), inputs.end(), is_lprof))
        return print_line_profiles(inputs);
    // The plain report reads no caller edges but the profiler's (see CallerEdges).
    Result<ProfileArguments> loaded = load_profile_arguments(
        inputs, db_path, callers || callees ? CallerEdges::all : CallerEdges::from_profiler);
    Result<PstatsProfile> profile =
        loaded ? Result<PstatsProfile>(std::move(loaded->profile)) : loaded.error();
    if (profile && strip)
        profile = strip_dirs(*profile);
    if (!profile) {
        std::fprintf(stderr, "framescope: %s\n", profile.error().to_string().c_str());
        return 1;
    }

    PstatsText text(*profile, std::move(order), loaded->unit);
    std::string out = callers   ? text.print_callers(amount)
                      : callees ? text.print_callees(amount)
                                : text.print_stats(amount);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

} // namespace framescope
