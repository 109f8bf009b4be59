#include "cli/session_arguments.h"

#include <cstdio>
#include <cstdlib>

#include "model/stored_inputs.h"
#include "store/session_store.h"

namespace framescope {

// The sessions named on the command line: files read directly, @IDs (or, with no names,
// everything, read in bulk) from the database.
Result<ReportInputs> load_named_sessions(const std::vector<std::string>& names,
                                         const std::optional<std::string>& db_path,
                                         const CrashTextSink* sink, SessionParts parts,
                                         const std::string& frame_function) {
    std::vector<std::string> paths;
    std::vector<SourceId> stored;
    for (const std::string& name : names) {
        if (std::optional<SourceId> id = stored_id(name))
            stored.push_back(*id);
        else
            paths.push_back(name);
    }
    Result<ReportInputs> inputs = load_report_inputs(paths, nullptr, sink, frame_function);
    if (!inputs)
        return inputs;
    // Nothing named is a session: one file skipped is the error itself (a profile, with
    // the command that opens it); several are listed, then the error.
    bool nothing_to_read =
        !paths.empty() && stored.empty() && inputs->sessions.empty() && !inputs->skipped.empty();
    if (nothing_to_read && inputs->skipped.size() == 1)
        return Error::plain(inputs->skipped.front());
    for (const std::string& skipped : inputs->skipped)
        std::fprintf(stderr, "framescope: skipped %s\n", skipped.c_str());
    if (nothing_to_read)
        return Error::plain("no report bundle, stall trace or crash report among the files named");
    if (!names.empty() && stored.empty())
        return inputs;
    StoreHandle store(db_path);
    if (names.empty()) {
        Result<Database*> db = store.get();
        if (!db)
            return db.error();
        Result<std::vector<ReportBundle>> all = load_all_stored_sessions(**db, parts);
        if (!all)
            return all.error();
        inputs->sessions = std::move(*all);
        return inputs;
    }
    if (Status s = load_stored_sessions(store, stored, inputs->sessions); !s)
        return s.error();
    return inputs;
}

} // namespace framescope
