// One upload, from its spooled file to its answer: sniffed by the one sniffer, read and
// parsed by the one import path (model/store_import) under the collector's limits, checked
// against the key's app, then stored through the one writer. The answer is the HTTP status
// and JSON body the client gets; 201 and 200 only once the transaction committed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "collector/store_writer.h"
#include "loaders/bundle_files.h"

namespace framescope {

struct UploadReply {
    int status = 500;
    std::string body;  // JSON: {"id": N, "stored": true} or {"error": "..."}
    std::string app;   // the bundle's app, or the key's; for the log
    int64_t id = 0;    // the stored source, 0 if none
    std::string error; // an error answer's message, as in the body
};

UploadReply error_reply(int status, const std::string& message);

// `key_app`: the app the request's key uploads for, none when uploads need no key.
UploadReply import_upload(StoreWriter& writer, const std::string& spool_path,
                          const std::optional<std::string>& key_app, const BundleLimits& limits);

} // namespace framescope
