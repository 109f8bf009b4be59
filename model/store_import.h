// Putting what a user names into the store: the one import path of the command line and the
// window. Each file or bundle is its own transaction: a bad one is reported and leaves
// nothing behind. A session's overview summary is written after it (see model/session_summary).
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/input_kind.h"
#include "store/database.h"
#include "store/pstats_store.h"

namespace framescope {

// `input` is a profile or a session (see is_session_kind), as expand_inputs sniffed it.
Result<ImportOutcome> import_input(Database& db, const NamedInput& input);

// What importing the named files did, each in a line ("@3 imported PATH", "skipped PATH: ...",
// or an error), for the window; `failures` counts the errors.
struct ImportReport {
    std::vector<std::string> lines;
    size_t imported = 0, failures = 0;
};
ImportReport import_paths(Database& db, const std::vector<std::string>& paths);

} // namespace framescope
