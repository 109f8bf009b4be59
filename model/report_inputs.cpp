#include "model/report_inputs.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "loaders/bundle_loader.h"
#include "loaders/text_report_loader.h"

namespace framescope {
namespace {

bool is_directory(const std::string& path) {
    std::error_code error;
    return std::filesystem::is_directory(path, error);
}

Result<ReportBundle> load_session(const std::string& path) {
    if (looks_like_bundle(path))
        return load_bundle(path);
    return load_text_report_file(path);
}

Status load_collection(const std::string& folder, ReportInputs& inputs) {
    std::vector<std::string> entries;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error))
        entries.push_back(entry.path().string());
    if (error)
        return Error::plain(folder + ": " + error.message());
    std::sort(entries.begin(), entries.end());
    for (const std::string& path : entries) {
        if (looks_like_bundle(path)) {
            auto bundle = load_bundle(path);
            if (!bundle)
                return bundle.error();
            inputs.sessions.push_back(std::move(*bundle));
        } else if (!is_directory(path)) {
            auto text = load_text_report_file(path);
            if (text)
                inputs.sessions.push_back(std::move(*text));
            else
                inputs.skipped.push_back(text.error().to_string());
        }
    }
    return Ok{};
}

} // namespace

Result<ReportInputs> load_report_inputs(const std::vector<std::string>& paths,
                                        LoadProgress* progress) {
    ReportInputs inputs;
    if (progress)
        progress->total = paths.size();
    for (const std::string& path : paths) {
        if (progress && progress->cancel)
            return Error::plain("cancelled");
        if (progress)
            ++progress->done;
        if (is_directory(path) && !looks_like_bundle(path)) {
            Status loaded = load_collection(path, inputs);
            if (!loaded)
                return loaded.error();
            continue;
        }
        auto session = load_session(path);
        if (!session)
            return session.error();
        inputs.sessions.push_back(std::move(*session));
    }
    return inputs;
}

Result<std::shared_ptr<LoadedSessions>> load_sessions(const std::vector<std::string>& paths,
                                                      LoadProgress* progress) {
    Result<ReportInputs> inputs = load_report_inputs(paths, progress);
    if (!inputs)
        return inputs.error();
    auto loaded = std::make_shared<LoadedSessions>();
    loaded->paths = paths;
    loaded->inputs = std::move(*inputs);
    loaded->findings = find_session_findings(loaded->inputs.sessions);
    return loaded;
}

SessionLoadJob::SessionLoadJob(std::vector<std::string> paths)
    : BackgroundJob([paths = std::move(paths)](LoadProgress& progress) {
          return load_sessions(paths, &progress);
      }) {}

bool is_profile_file(const std::string& path) {
    if (is_directory(path))
        return false;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return path.ends_with(".pstats") || path.ends_with(".prof"); // let the loader say why
    int first = std::fgetc(file);
    std::fclose(file);
    return first == '{' || first == ('{' | 0x80);
}

} // namespace framescope
