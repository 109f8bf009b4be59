// framescope import / list: putting profiles into the store and seeing what it holds.
// Each file is its own transaction: a bad file is reported and leaves nothing behind,
// the others are still stored.

#include <cstdio>
#include <ctime>
#include <future>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "core/file_bytes.h"
#include "loaders/pstats_loader.h"
#include "store/pstats_store.h"

namespace framescope {
namespace {

constexpr const char* kImportUsage =
    "usage: framescope import [--db PATH] FILE...\n"
    "  Stores .pstats files. The same content is stored once. The database defaults to\n"
    "  $FRAMESCOPE_DB, else $XDG_DATA_HOME/framescope/framescope.db.\n";

constexpr const char* kListUsage = "usage: framescope list [--db PATH]\n";

// Parses the file while a second thread hashes it, then stores it.
Result<ImportOutcome> import_one(Database& db, const std::string& path) {
    Result<FileBytes> file = read_file_bytes(path);
    if (!file)
        return file.error();
    std::future<SourceContent> content = std::async(std::launch::async, content_of, file->bytes());
    Result<PstatsProfile> profile = load_pstats(file->bytes(), {path, file->mtime_s()});
    SourceContent hashed = content.get(); // before the bytes go, also on an error
    if (!profile)
        return profile.error();
    return store_pstats(db, hashed, *profile);
}

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
    Result<Database> db = Database::open(db_path.value_or(default_database_path()));
    if (!db) {
        std::fprintf(stderr, "framescope: %s\n", db.error().to_string().c_str());
        return 1;
    }
    int failures = 0;
    for (const std::string& path : files) {
        Result<ImportOutcome> outcome = import_one(*db, path);
        if (!outcome) {
            std::fprintf(stderr, "framescope: %s\n", outcome.error().to_string().c_str());
            ++failures;
            continue;
        }
        std::printf("@%lld %s %s\n", static_cast<long long>(outcome->source_id),
                    outcome->already_stored ? "already stored:" : "imported", path.c_str());
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
        std::printf("@%-5lld %-7s %8lld functions  %s  %.12s  %s\n", static_cast<long long>(s.id),
                    s.kind.c_str(), static_cast<long long>(s.function_count), imported,
                    s.sha256.c_str(), s.path.c_str());
    }
    return 0;
}

} // namespace framescope
