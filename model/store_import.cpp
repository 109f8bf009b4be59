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

// Parses the profile while a second thread hashes it.
Result<LoadedInput> load_profile(const FileBytes& file) {
    std::future<SourceContent> content = std::async(std::launch::async, content_of, file.bytes());
    Result<PstatsProfile> profile = load_pstats(file.bytes(), {file.path(), file.mtime_s()});
    SourceContent hashed = content.get(); // before the bytes go, also on an error
    if (!profile)
        return profile.error();
    return LoadedInput{std::move(*profile), "pstats", hashed, file.mtime_s()};
}

Result<LoadedInput> load_bundle_input(const std::string& path, const BundleLimits& limits) {
    Result<BundleFiles> files = read_bundle_files(path, limits);
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
    return LoadedInput{std::move(*bundle), "bundle", hashed, mtime_s};
}

// Stores the session, then its summary. A summary that fails to be written is not an error:
// the overview summarizes a session that has none when it first reads it.
Result<ImportOutcome> store_with_summary(Database& db, const LoadedInput& loaded,
                                         const ReportBundle& session) {
    Result<ImportOutcome> outcome =
        store_session(db, loaded.content, loaded.kind, session, loaded.mtime_s);
    if (outcome && !outcome->already_stored)
        (void)store_session_summary(db, outcome->source_id, summarize_session(session));
    return outcome;
}

} // namespace

Result<LoadedInput> load_input(const NamedInput& input, const BundleLimits& limits) {
    if (input.sniff.kind == InputKind::bundle)
        return load_bundle_input(input.path, limits);
    Result<FileBytes> file = read_file_bytes(input.path);
    if (!file)
        return file.error();
    if (input.sniff.kind == InputKind::profile && input.sniff.format != ProfileFormat::pstats)
        return Error::plain(input.path + ": a profile in " +
                            profile_format_name(input.sniff.format) +
                            " format opens in framescope but is not stored yet");
    if (input.sniff.kind == InputKind::profile)
        return load_profile(*file);
    std::string_view text(reinterpret_cast<const char*>(file->bytes().data()),
                          file->bytes().size());
    ReportBundle session = load_text_report(text, input.path, input.sniff.kind);
    const char* kind = text_report_kind(session);
    return LoadedInput{std::move(session), kind, content_of(file->bytes()), file->mtime_s()};
}

Result<ImportOutcome> store_input(Database& db, const LoadedInput& loaded) {
    if (const auto* profile = std::get_if<PstatsProfile>(&loaded.data))
        return store_pstats(db, loaded.content, *profile);
    return store_with_summary(db, loaded, std::get<ReportBundle>(loaded.data));
}

void rename_source(LoadedInput& loaded, const std::string& name) {
    if (auto* profile = std::get_if<PstatsProfile>(&loaded.data)) {
        for (ProfileSource& source : profile->sources)
            source.path = name;
    } else {
        std::get<ReportBundle>(loaded.data).source = name;
    }
}

Result<ImportOutcome> import_input(Database& db, const NamedInput& input) {
    Result<LoadedInput> loaded = load_input(input);
    if (!loaded)
        return loaded.error();
    return store_input(db, *loaded);
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
