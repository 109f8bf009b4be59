// framescope import / list: putting profiles and report sessions into the store and seeing
// what it holds. Each file or bundle is its own transaction: a bad one is reported and leaves
// nothing behind, the others are still stored.

#include <cstdio>
#include <ctime>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "loaders/input_kind.h"
#include "model/store_import.h"
#include "store/source_rows.h"

namespace framescope {
namespace {

constexpr const char* kImportUsage =
    "usage: framescope import [--db PATH|URL] FILE|BUNDLE|DIR...\n"
    "  Stores .pstats profiles, report bundles (folders, .zip, .tar.gz), files of faulthandler\n"
    "  timeout dumps and crash reports (tracebacks, fatal-error dumps); a folder that is not a\n"
    "  bundle, everything in it. What a file is comes from its content; anything else is\n"
    "  refused (named, or skipped in a folder) before the database is opened. The same\n"
    "  content is stored once. The database defaults to $FRAMESCOPE_DB, else\n"
    "  $XDG_DATA_HOME/framescope/framescope.db.\n";

constexpr const char* kListUsage = "usage: framescope list [--db PATH|URL]\n";

} // namespace

int run_import_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::optional<std::string> db_path;
    std::vector<std::string> files;
    while (!args.done()) {
        if (auto v = args.value("--db")) {
            db_path = *v;
        } else if (args.flag("--help") || args.flag("-h")) {
            std::fputs(kImportUsage, stdout);
            return 0;
        } else if (args.missing_value || args.peek().rfind("--", 0) == 0) {
            std::fputs(kImportUsage, stderr);
            return 2;
        } else {
            files.push_back(args.take());
        }
    }
    if (files.empty()) {
        std::fputs(kImportUsage, stderr);
        return 2;
    }
    // Everything is sniffed before the database is opened: refused files never touch it.
    std::vector<NamedInput> importable;
    int failures = 0;
    for (NamedInput& input : expand_inputs(files)) {
        if (input.sniff.kind == InputKind::profile || is_session_kind(input.sniff.kind)) {
            importable.push_back(std::move(input));
        } else if (input.in_folder) {
            std::fprintf(stderr, "framescope: skipped %s\n", refusal_message(input).c_str());
        } else {
            std::fprintf(stderr, "framescope: %s\n", refusal_message(input).c_str());
            ++failures;
        }
    }
    if (importable.empty())
        return failures ? 1 : 0;
    Result<Database> db = Database::open(db_path.value_or(default_database_path()));
    if (!db) {
        std::fprintf(stderr, "framescope: %s\n", db.error().to_string().c_str());
        return 1;
    }
    for (const NamedInput& input : importable) {
        Result<ImportOutcome> outcome = import_input(*db, input);
        if (!outcome) {
            std::fprintf(stderr, "framescope: %s\n", outcome.error().to_string().c_str());
            ++failures;
            continue;
        }
        std::printf("@%lld %s %s\n", static_cast<long long>(outcome->source_id),
                    outcome->already_stored ? "already stored:" : "imported", input.path.c_str());
    }
    return failures ? 1 : 0;
}

int run_list_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2);
    std::optional<std::string> db_path;
    while (!args.done()) {
        if (auto v = args.value("--db")) {
            db_path = *v;
        } else if (args.flag("--help") || args.flag("-h")) {
            std::fputs(kListUsage, stdout);
            return 0;
        } else {
            std::fputs(kListUsage, stderr);
            return 2;
        }
    }
    Result<Database> db = Database::open(db_path.value_or(default_database_path()));
    if (!db) {
        std::fprintf(stderr, "framescope: %s\n", db.error().to_string().c_str());
        return 1;
    }
    Result<std::vector<StoredSource>> sources = list_sources(*db);
    if (!sources) {
        std::fprintf(stderr, "framescope: %s\n", sources.error().to_string().c_str());
        return 1;
    }
    for (const StoredSource& s : *sources) {
        char imported[32];
        std::time_t t = std::time_t(s.imported_at_s);
        std::strftime(imported, sizeof imported, "%Y-%m-%d %H:%M", std::localtime(&t));
        std::printf("@%-5lld %-11s %8lld %-9s  %s  %.12s  %s\n", static_cast<long long>(s.id),
                    s.kind.c_str(), static_cast<long long>(s.item_count),
                    s.kind == "pstats" ? "functions" : "frames", imported, s.sha256.c_str(),
                    s.path.c_str());
    }
    return 0;
}

} // namespace framescope
