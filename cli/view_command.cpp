// framescope FILE...: the window, or, without a display, the same findings as text.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "model/findings_format.h"
#include "model/load_job.h"
#include "model/overview_format.h"
#include "model/pstats_text.h"
#include "model/report_inputs.h"
#include "store/source_rows.h"
#include "store/store_url.h"
#include "viewer/app.h"

namespace framescope {
namespace {

constexpr const char* kUsage =
    "usage: framescope [--screenshot PNG]\n"
    "                  [--view table|callers|tree|flame|sandwich|details|lines]\n"
    "                  [--select FUNCTION] [--search TEXT] [--size WxH] [--db PATH|URL]\n"
    "                  [--frame-function NAME] FILE|@ID...\n"
    "       framescope --compare A.pstats B.pstats   (or A1 A2... -- B1 B2...; @ID for stored)\n"
    "       framescope --db PATH|URL                 (the store's overview; with no file and\n"
    "                                                 no --db, the default store's if it has "
    "data)\n";

constexpr const char* kNothingToOpen = "no profile, bundle or report among the files named";

// With no file named: the default store, when it exists and holds something.
bool default_store_has_data() {
    std::string path = default_database_path();
    std::error_code error;
    Result<StoreKind> kind = store_kind_of(path);
    if (!kind)
        return true; // opening it says what is wrong with $FRAMESCOPE_DB
    if (*kind == StoreKind::sqlite && !std::filesystem::exists(path, error))
        return false;
    Result<Database> db = Database::open(path);
    if (!db)
        return false;
    Result<std::vector<StoredSource>> sources = list_sources(*db);
    return sources && !sources->empty();
}

int print_overview(const std::string& db_path) {
    Result<std::shared_ptr<StoreOverview>> overview = load_store_overview(db_path);
    if (!overview) {
        std::fprintf(stderr, "framescope: %s\n", overview.error().to_string().c_str());
        return 1;
    }
    std::string out = format_overview(**overview, FindingsFormat::text);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

int print_profile_findings(const std::vector<std::string>& files,
                           const std::optional<std::string>& db_path) {
    Result<std::shared_ptr<LoadedProfile>> loaded = load_profiles(files, nullptr, db_path);
    if (!loaded) {
        std::fprintf(stderr, "framescope: %s\n", loaded.error().to_string().c_str());
        return 1;
    }
    const PstatsProfile& profile = loaded.value()->profile;
    const std::string& unit = loaded.value()->unit;
    auto order = [](const char* key) { return *parse_sort_order(std::vector<std::string>{key}); };
    std::string out = PstatsText(profile, order("cumulative"), unit)
                          .print_stats({Restriction::parse_amount("20")}) +
                      PstatsText(profile, order("tottime"), unit)
                          .print_callers({Restriction::parse_amount("10")});
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

int print_session_findings(const std::vector<std::string>& files,
                           const std::optional<std::string>& db_path,
                           const std::string& frame_function) {
    Result<std::shared_ptr<LoadedSessions>> sessions =
        load_sessions(files, nullptr, db_path, frame_function);
    if (!sessions) {
        std::fprintf(stderr, "framescope: %s\n", sessions.error().to_string().c_str());
        return 1;
    }
    std::string out = format_findings(sessions.value()->findings, FindingsFormat::text);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

// What the window would show first, as text: for profiles, the hottest functions by
// cumulative and by own time, and who calls the hottest; for report sessions, their findings.
// Files that are neither are named and left out; with nothing left, that is an error.
int print_findings(const std::vector<std::string>& files, const std::optional<std::string>& db_path,
                   const std::string& frame_function) {
    OpenPlan plan = plan_opening(files, db_path, frame_function);
    for (const std::string& refused : plan.refused)
        std::fprintf(stderr, "framescope: %s\n", refused.c_str());
    for (const std::string& skipped : plan.skipped)
        std::fprintf(stderr, "framescope: skipped %s\n", skipped.c_str());
    if (plan.profiles.empty() && plan.sessions.empty()) {
        if (plan.refused.empty())
            std::fprintf(stderr, "framescope: %s\n", kNothingToOpen);
        return 1;
    }
    int status = 0;
    if (!plan.profiles.empty())
        status = print_profile_findings(plan.profiles, db_path);
    if (!plan.sessions.empty())
        status = std::max(status, print_session_findings(plan.sessions, db_path, frame_function));
    return plan.refused.empty() ? status : 1;
}

} // namespace

int run_view_command(int argc, char** argv) {
    CommandLine args(argc, argv, 1);
    ViewerOptions options;
    bool compare = false, after_separator = false;
    while (!args.done()) {
        if (auto v = args.value("--screenshot")) {
            options.screenshot_path = *v;
        } else if (auto v = args.value("--view")) {
            options.view_chosen = true;
            if (*v == "table")
                options.view = ViewKind::Table;
            else if (*v == "callers")
                options.view = ViewKind::Callers;
            else if (*v == "tree")
                options.view = ViewKind::Tree;
            else if (*v == "flame")
                options.view = ViewKind::Flame;
            else if (*v == "sandwich")
                options.view = ViewKind::Sandwich;
            else if (*v == "details")
                options.view = ViewKind::Details;
            else if (*v == "lines")
                options.view = ViewKind::Lines;
            else {
                std::fprintf(stderr, "framescope: unknown view '%s'\n%s", v->c_str(), kUsage);
                return 2;
            }
        } else if (args.flag("--compare")) {
            compare = true;
        } else if (args.flag("--")) {
            after_separator = true;
        } else if (auto v = args.value("--db")) {
            options.db_path = *v;
        } else if (auto v = args.value("--frame-function")) {
            options.frame_function = *v;
        } else if (auto v = args.value("--select")) {
            options.select = *v;
        } else if (auto v = args.value("--search")) {
            options.search = *v;
        } else if (auto v = args.value("--size")) {
            if (std::sscanf(v->c_str(), "%dx%d", &options.width_px, &options.height_px) != 2 ||
                options.width_px < 200 || options.height_px < 150) {
                std::fprintf(stderr, "framescope: bad --size '%s' (WxH, at least 200x150)\n",
                             v->c_str());
                return 2;
            }
        } else if (args.missing_value || args.peek().rfind("--", 0) == 0) {
            std::fprintf(stderr, "framescope: unknown option '%s'\n%s",
                         args.missing_value ? "(missing value)" : args.peek().c_str(), kUsage);
            return 2;
        } else {
            (after_separator ? options.compare_with : options.files).push_back(args.take());
        }
    }
    if (compare && !after_separator && options.files.size() == 2) {
        options.compare_with.push_back(options.files.back());
        options.files.pop_back();
    }
    if (compare && (options.files.empty() || options.compare_with.empty())) {
        std::fputs("framescope: --compare needs profile A and profile B\n", stderr);
        return 2;
    }
    bool nothing_named = options.files.empty() && options.compare_with.empty();
    options.open_store = options.db_path || (nothing_named && default_store_has_data());
    if (!options.screenshot_path.empty() && nothing_named && !options.open_store) {
        std::fputs("framescope: --screenshot needs a file to show\n", stderr);
        return 2;
    }
    switch (run_viewer(options)) {
    case ViewerExit::Closed:
        return 0;
    case ViewerExit::Failed:
        return 1;
    case ViewerExit::NoDisplay:
        std::fprintf(stderr, "framescope: no display; printing the findings as text instead\n");
        if (!options.compare_with.empty()) {
            DiffRequest comparison;
            comparison.a_files = options.files;
            comparison.b_files = options.compare_with;
            comparison.db_path = options.db_path;
            return print_diff(comparison);
        }
        if (options.open_store && nothing_named)
            return print_overview(options.db_path.value_or(default_database_path()));
        if (options.files.empty()) {
            std::fputs(kUsage, stderr);
            return 2;
        }
        return print_findings(options.files, options.db_path, options.frame_function);
    }
    return 1;
}

} // namespace framescope
