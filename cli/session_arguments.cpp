#include "cli/session_arguments.h"

#include <cstdio>
#include <cstdlib>

#include "store/session_store.h"

namespace framescope {

// The sessions named on the command line: files read directly, @IDs (or, with no names,
// everything) from the database.
Result<ReportInputs> load_named_sessions(const std::vector<std::string>& names,
                                         const std::optional<std::string>& db_path,
                                         const CrashTextSink* sink) {
    std::vector<std::string> paths;
    std::vector<SourceId> stored;
    for (const std::string& name : names) {
        if (name.starts_with("@"))
            stored.push_back(std::atoll(name.c_str() + 1));
        else
            paths.push_back(name);
    }
    Result<ReportInputs> inputs = load_report_inputs(paths, nullptr, sink);
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
    Result<Database> db = Database::open(db_path.value_or(default_database_path()));
    if (!db)
        return db.error();
    if (names.empty()) {
        Result<std::vector<SourceId>> all = stored_session_ids(*db);
        if (!all)
            return all.error();
        stored = *all;
    }
    for (SourceId id : stored) {
        Result<ReportBundle> session = load_stored_session(*db, id);
        if (!session)
            return session.error();
        inputs->sessions.push_back(std::move(*session));
    }
    return inputs;
}

} // namespace framescope
