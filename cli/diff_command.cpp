// framescope diff: what changed between profile A (before) and profile B (after). A report,
// not a test: the exit status is 0 also when things changed.

#include <cmath>
#include <cstdio>
#include <string>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "model/diff_format.h"
#include "model/frame_function.h"
#include "model/function_search.h"
#include "model/load_job.h"

namespace framescope {
namespace {

constexpr const char* kUsage =
    "usage: framescope diff A.pstats B.pstats [--sort KEY] [--limit N] [--threshold PCT]\n"
    "                       [--normalize] [--frame-function NAME] [--format text|md|json]\n"
    "                       [--db PATH|URL]   (a side may be @ID, a stored profile)\n"
    "       framescope diff A1.pstats A2.pstats... -- B1.pstats B2.pstats...\n"
    "  The functions that changed most from A (before) to B (after), with both sides' figures\n"
    "  and how each was matched. KEY: delta (own time, the default), delta-cum, relative,\n"
    "  tottime, cumtime, calls, name. --limit N rows (30); --threshold PCT keeps rows whose\n"
    "  cumulative time changed by at least PCT percent; --normalize scales B to A's total;\n"
    "  --frame-function NAME (the main loop's per-frame function) adds each row's change in\n"
    "  milliseconds per frame, each side's frames counted by NAME's calls.\n";

} // namespace

int run_diff_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::string sort = "delta", format = "text", frame_function;
    size_t limit = 30;
    double threshold_percent = 0;
    bool normalise = false, after_separator = false;
    std::vector<std::string> a_files, b_files;
    std::optional<std::string> db_path;
    while (!args.done()) {
        if (auto v = args.value("--db")) {
            db_path = *v;
            continue;
        }
        if (auto v = args.value("--sort")) {
            sort = *v;
        } else if (auto v = args.value("--limit")) {
            limit = size_t(std::max(0L, std::atol(v->c_str())));
        } else if (auto v = args.value("--threshold")) {
            threshold_percent = std::atof(v->c_str());
        } else if (auto v = args.value("--format")) {
            format = *v;
        } else if (auto v = args.value("--frame-function")) {
            frame_function = *v;
        } else if (args.flag("--normalize") || args.flag("--normalise")) {
            normalise = true;
        } else if (args.flag("--help") || args.flag("-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (args.flag("--")) {
            after_separator = true;
        } else if (args.missing_value || args.peek().rfind("--", 0) == 0) {
            std::fputs(kUsage, stderr);
            return 2;
        } else {
            (after_separator ? b_files : a_files).push_back(args.take());
        }
    }
    if (!after_separator && a_files.size() == 2) {
        b_files.push_back(a_files.back());
        a_files.pop_back();
    }
    std::optional<FindingsFormat> chosen = parse_findings_format(format);
    if (a_files.empty() || b_files.empty() || !chosen) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    return print_diff({a_files, b_files, sort, limit, threshold_percent, normalise, *chosen,
                       frame_function, db_path});
}

int print_diff(const DiffRequest& request) {
    auto a = load_profiles(request.a_files, nullptr, request.db_path);
    auto b = a ? load_profiles(request.b_files, nullptr, request.db_path)
               : Result<std::shared_ptr<LoadedProfile>>(a.error());
    if (!a || !b) {
        std::fprintf(stderr, "framescope: %s\n", (a ? b.error() : a.error()).to_string().c_str());
        return 1;
    }
    const PstatsProfile& before = a.value()->profile;
    const PstatsProfile& after = b.value()->profile;
    ProfileDiff diff = diff_profiles(before, after, request.normalise);
    std::vector<DiffRow> rows = diff.rows;
    if (!sort_diff_rows(before, after, rows, request.sort)) {
        std::fprintf(stderr, "framescope: unknown sort key '%s'\n%s", request.sort.c_str(), kUsage);
        return 2;
    }
    if (request.threshold_percent > 0)
        std::erase_if(rows, [&](const DiffRow& row) {
            return std::fabs(row.relative_cumtime) * 100 < request.threshold_percent;
        });
    if (rows.size() > request.limit)
        rows.resize(request.limit);
    std::optional<DiffFrames> frames;
    if (!request.frame_function.empty()) {
        std::optional<FunctionId> in_a = find_function(before, request.frame_function);
        std::optional<FunctionId> in_b = find_function(after, request.frame_function);
        if (!in_a || !in_b) {
            std::fprintf(stderr, "framescope: no function '%s' in %s\n",
                         request.frame_function.c_str(), in_a ? "B" : "A");
            return 1;
        }
        frames = DiffFrames{std::string(after.name(*in_b)), frames_of(before, *in_a),
                            frames_of(after, *in_b)};
    }
    std::string text =
        format_diff(before, after, diff, rows, request.format, frames ? &*frames : nullptr);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

} // namespace framescope
