#include "model/store_import.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>

#include "core/file_bytes.h"
#include "loaders/bundle_loader.h"
#include "loaders/pstats_loader.h"
#include "loaders/text_report_loader.h"
#include "model/session_summary.h"
#include "store/session_store.h"

namespace framescope {
namespace {

// Parses the profile while a second thread hashes it, then stores it.
Result<ImportOutcome> import_profile(Database& db, const FileBytes& file) {
    std::future<SourceContent> content = std::async(std::launch::async, content_of, file.bytes());
    Result<PstatsProfile> profile = load_pstats(file.bytes(), {file.path(), file.mtime_s()});
    SourceContent hashed = content.get(); // before the bytes go, also on an error
    if (!profile)
        return profile.error();
    return store_pstats(db, hashed, *profile);
}

// Stores the session, then its summary. A summary that fails to be written is not an error:
// the overview summarizes a session that has none when it first reads it.
Result<ImportOutcome> store_with_summary(Database& db, const SourceContent& content,
                                         const char* kind, const ReportBundle& session,
                                         int64_t mtime_s) {
    Result<ImportOutcome> outcome = store_session(db, content, kind, session, mtime_s);
    if (outcome && !outcome->already_stored)
        (void)store_session_summary(db, outcome->source_id, summarize_session(session));
    return outcome;
}

Result<ImportOutcome> import_bundle(Database& db, const std::string& path) {
    Result<BundleFiles> files = read_bundle_files(path);
    if (!files)
        return files.error();
    // Hashing overlaps parsing, as for profiles.
    std::future<SourceContent> content =
        std::async(std::launch::async, bundle_content, std::cref(*files));
    Result<ReportBundle> bundle = load_bundle(*files);
    SourceContent hashed = content.get();
    if (!bundle)
        return bundle.error();
    std::error_code error;
    auto written = std::filesystem::last_write_time(path, error);
    int64_t mtime_s = error ? 0
                            : std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::file_clock::to_sys(written).time_since_epoch())
                                  .count();
    return store_with_summary(db, hashed, "bundle", *bundle, mtime_s);
}

} // namespace

Result<ImportOutcome> import_input(Database& db, const NamedInput& input) {
    if (input.sniff.kind == InputKind::bundle)
        return import_bundle(db, input.path);
    Result<FileBytes> file = read_file_bytes(input.path);
    if (!file)
        return file.error();
    if (input.sniff.kind == InputKind::profile)
        return import_profile(db, *file);
    std::string_view text(reinterpret_cast<const char*>(file->bytes().data()),
                          file->bytes().size());
    ReportBundle session = load_text_report(text, input.path, input.sniff.kind);
    return store_with_summary(db, content_of(file->bytes()), text_report_kind(session), session,
                              file->mtime_s());
}

ImportReport import_paths(Database& db, const std::vector<std::string>& paths) {
    ImportReport report;
    for (const NamedInput& input : expand_inputs(paths)) {
        if (input.sniff.kind != InputKind::profile && !is_session_kind(input.sniff.kind)) {
            report.lines.push_back((input.in_folder ? "skipped " : "") + refusal_message(input));
            report.failures += input.in_folder ? 0 : 1;
            continue;
        }
        Result<ImportOutcome> outcome = import_input(db, input);
        if (!outcome) {
            report.lines.push_back(outcome.error().to_string());
            ++report.failures;
            continue;
        }
        report.imported += outcome->already_stored ? 0 : 1;
        report.lines.push_back("@" + std::to_string(outcome->source_id) +
                               (outcome->already_stored ? " already stored: " : " imported ") +
                               input.path);
    }
    return report;
}

} // namespace framescope
