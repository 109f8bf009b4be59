#include "model/report_inputs.h"

#include <algorithm>
#include <filesystem>

#include "loaders/bundle_loader.h"
#include "loaders/stall_trace_loader.h"

namespace framescope {
namespace {

bool is_directory(const std::string& path) {
    std::error_code error;
    return std::filesystem::is_directory(path, error);
}

Result<ReportBundle> load_session(const std::string& path) {
    if (looks_like_bundle(path))
        return load_bundle(path);
    return load_stall_trace_file(path);
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
            auto trace = load_stall_trace_file(path);
            if (trace)
                inputs.sessions.push_back(std::move(*trace));
            else
                inputs.skipped.push_back(trace.error().to_string());
        }
    }
    return Ok{};
}

} // namespace

Result<ReportInputs> load_report_inputs(const std::vector<std::string>& paths) {
    ReportInputs inputs;
    for (const std::string& path : paths) {
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

} // namespace framescope
