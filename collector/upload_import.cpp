#include "collector/upload_import.h"

#include <nlohmann/json.hpp>

#include "loaders/input_kind.h"
#include "model/store_import.h"

namespace framescope {
namespace {

// Errors name the file they were read from; for an upload that is a spool file, which means
// nothing to the client.
std::string without_spool_path(std::string message, const std::string& spool_path) {
    for (size_t at = message.find(spool_path); at != std::string::npos;
         at = message.find(spool_path, at))
        message.replace(at, spool_path.size(), "upload");
    return message;
}

// The session of a bundle; none for a profile or a report text, which name no app.
const ReportBundle* bundle_session(const LoadedInput& loaded) {
    return std::string_view(loaded.kind) == "bundle" ? std::get_if<ReportBundle>(&loaded.data)
                                                     : nullptr;
}

std::string stored_name(const LoadedInput& loaded, const std::string& app) {
    if (const ReportBundle* session = bundle_session(loaded))
        return "upload:" + app + "/" + session->session.start + "/" +
               std::to_string(session->session.pid);
    return "upload:" + (app.empty() ? std::string(loaded.kind) : app + "/" + loaded.kind);
}

} // namespace

UploadReply error_reply(int status, const std::string& message) {
    return {status, nlohmann::json{{"error", message}}.dump(), {}, 0, message};
}

UploadReply import_upload(StoreWriter& writer, const std::string& spool_path,
                          const std::optional<std::string>& key_app, const BundleLimits& limits) {
    NamedInput input{spool_path, input_kind(spool_path), false};
    if (input.sniff.kind == InputKind::unreadable)
        return error_reply(500, "cannot read the spooled upload: " + input.sniff.reason);
    if (input.sniff.kind != InputKind::profile && !is_session_kind(input.sniff.kind))
        return error_reply(415, "not a profile, bundle or report: " + input.sniff.reason);

    Result<LoadedInput> loaded = load_input(input, limits);
    if (!loaded)
        return error_reply(400, without_spool_path(loaded.error().to_string(), spool_path));

    // Only a bundle names its app; a profile or a report text goes under the key's.
    std::string app = key_app.value_or("");
    if (const ReportBundle* session = bundle_session(*loaded)) {
        if (key_app && session->session.app != *key_app) {
            UploadReply refused =
                error_reply(403, "this key uploads for '" + *key_app + "', the bundle is from '" +
                                     session->session.app + "'");
            refused.app = session->session.app;
            return refused;
        }
        app = session->session.app;
    }
    rename_source(*loaded, stored_name(*loaded, app));

    Result<ImportOutcome> outcome = writer.write(*loaded);
    if (!outcome) {
        UploadReply unavailable = error_reply(503, "store unavailable: " + outcome.error().message);
        unavailable.app = app;
        return unavailable;
    }
    return {outcome->already_stored ? 200 : 201,
            nlohmann::json{{"id", outcome->source_id}, {"stored", !outcome->already_stored}}.dump(),
            app,
            outcome->source_id,
            {}};
}

} // namespace framescope
