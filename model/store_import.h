// Putting what a user names into the store: the one import path of the command line and the
// window. Each file or bundle is its own transaction: a bad one is reported and leaves
// nothing behind. A session's overview summary is written after it (see model/session_summary).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "core/error.h"
#include "loaders/bundle_files.h"
#include "loaders/input_kind.h"
#include "loaders/pstats_profile.h"
#include "loaders/report_bundle.h"
#include "store/database.h"
#include "store/pstats_store.h"
#include "store/source_rows.h"

namespace framescope {

// An input read and parsed, not yet stored: the half of an import that needs no database,
// so that a server can parse several uploads at once and store them one at a time.
struct LoadedInput {
    std::variant<PstatsProfile, ReportBundle> data;
    const char* kind;      // the store's name for it: "pstats", "bundle", "stall-trace", ...
    SourceContent content; // what identifies it in the store
    int64_t mtime_s = 0;   // the file's, 0 if unknown
};

// `input` is a profile or a session (see is_session_kind), as expand_inputs sniffed it.
Result<LoadedInput> load_input(const NamedInput& input, const BundleLimits& limits = {});
Result<ImportOutcome> store_input(Database& db, const LoadedInput& loaded);

// Sets the name the store lists the input under, in place of the path it was read from
// (an upload is read from a spool file whose name means nothing).
void rename_source(LoadedInput& loaded, const std::string& name);

// load_input, then store_input.
Result<ImportOutcome> import_input(Database& db, const NamedInput& input);

// What importing the named files did, each in a line ("@3 imported PATH", "skipped PATH: ...",
// or an error), for the window; `failures` counts the errors.
struct ImportReport {
    std::vector<std::string> lines;
    size_t imported = 0, failures = 0;
};
ImportReport import_paths(Database& db, const std::vector<std::string>& paths);

} // namespace framescope
