// framescope buckets: crash reports grouped by signature, most reports first, with session
// health: from files (bundles, tracebacks, faulthandler dumps, folders of them) or from the
// database, bucketed by the rules given and the edits kept in the database; and those edits
// (merges, unmerges, stored rules) made, as the window makes them.

#include <cstdio>
#include <string>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_arguments.h"
#include "model/bucket_format.h"
#include "model/crash_text_buckets.h"
#include "model/edited_bucket_rules.h"
#include "store/bucket_edits.h"

namespace framescope {
namespace {

constexpr const char* kUsage =
    "usage: framescope buckets [--db PATH|URL] [--format text|md|json] [--app PATH]... [--skip "
    "FUNCTION]...\n"
    "                          [--plugins FOLDER]... [--frames N] [BUNDLE|FILE|DIR|@ID...]\n"
    "                          [--merge KEY INTO] [--unmerge KEY] [--set-rules]\n"
    "  Groups crash reports by exception and the innermost frames of the application or its\n"
    "  plug-ins. Whose code a frame is is inferred from each report; --app names a path\n"
    "  fragment of the application's code instead (repeatable), --plugins a folder name whose\n"
    "  entries are plug-ins of a host (beside plugins, addons, Packages, ...), --skip a\n"
    "  function to leave out of signatures, --frames how many frames a signature holds (1).\n"
    "  With no files, every session in the database; a rule change re-buckets them at once.\n"
    "  With --db, the merges and rules kept there apply too (to files named as well), and\n"
    "  these change them first: --merge sends the reports of signature KEY to the bucket of\n"
    "  INTO, --unmerge KEY undoes KEY's merge and every merge into KEY, --set-rules keeps\n"
    "  this command's --app and --skip as the stored rules (none given: clears them).\n"
    "  KEY is a bucket's \"signature\" in --format json.\n";

// The edits asked for, made in the database; the rules with the stored edits applied.
Result<BucketRules> edit_and_read_rules(const std::string& db_path, const BucketEdits& asked,
                                        bool set_rules, const std::vector<std::string>& unmerge,
                                        BucketRules rules) {
    Result<Database> db = Database::open(db_path);
    if (!db)
        return db.error();
    for (const auto& [key, into] : asked.merges)
        if (Status s = merge_buckets(*db, key, into); !s)
            return s.error();
    for (const std::string& key : unmerge)
        if (Status s = split_bucket(*db, key); !s)
            return s.error();
    if (set_rules)
        if (Status s = set_bucket_rules(*db, rules.origin.app_paths, rules.skip_functions); !s)
            return s.error();
    return stored_bucket_rules(*db, std::move(rules));
}

} // namespace

int run_buckets_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::string format = "text";
    std::optional<std::string> db_path;
    BucketRules rules;
    std::vector<std::string> names;
    BucketEdits merges;
    std::vector<std::string> unmerge;
    bool set_rules = false;
    while (!args.done()) {
        if (auto v = args.value("--db")) {
            db_path = *v;
        } else if (auto v = args.value("--format")) {
            format = *v;
        } else if (auto v = args.value("--app")) {
            rules.origin.app_paths.push_back(*v);
        } else if (auto v = args.value("--plugins")) {
            rules.origin.plugin_folders.push_back(*v);
        } else if (auto v = args.value("--skip")) {
            rules.skip_functions.push_back(*v);
        } else if (auto v = args.value("--frames")) {
            rules.frames = size_t(std::max(1L, std::atol(v->c_str())));
        } else if (auto v = args.value("--merge")) {
            if (args.done()) {
                std::fputs(kUsage, stderr);
                return 2;
            }
            merges.merges.emplace_back(*v, args.take());
        } else if (auto v = args.value("--unmerge")) {
            unmerge.push_back(*v);
        } else if (args.flag("--set-rules")) {
            set_rules = true;
        } else if (args.flag("--help") || args.flag("-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (args.missing_value || args.peek().rfind("--", 0) == 0) {
            std::fputs(kUsage, stderr);
            return 2;
        } else {
            names.push_back(args.take());
        }
    }
    std::optional<FindingsFormat> chosen = parse_findings_format(format);
    if (!chosen) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    bool editing = !merges.merges.empty() || !unmerge.empty() || set_rules;
    if (editing && !db_path) {
        std::fputs("framescope: --merge, --unmerge and --set-rules change a database: give --db\n",
                   stderr);
        return 2;
    }
    if (db_path) {
        Result<BucketRules> edited =
            edit_and_read_rules(*db_path, merges, set_rules, unmerge, std::move(rules));
        if (!edited) {
            std::fprintf(stderr, "framescope: %s\n", edited.error().to_string().c_str());
            return 1;
        }
        rules = std::move(*edited);
    }
    // Files of crash text are bucketed as they are read, never held parsed.
    CrashBucketer bucketer(rules);
    const CrashTextSink stream = [&](std::string_view text, const std::string& file) {
        return bucket_crash_text(text, file, bucketer);
    };
    auto sessions = load_named_sessions(names, db_path, &stream, SessionParts::crashes_and_health);
    if (!sessions) {
        std::fprintf(stderr, "framescope: %s\n", sessions.error().to_string().c_str());
        return 1;
    }
    for (const CrashInput& input : crash_inputs_of(sessions->sessions))
        bucketer.add(input);
    std::string text =
        format_buckets(bucketer.buckets(), session_health(sessions->sessions), *chosen);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

} // namespace framescope
