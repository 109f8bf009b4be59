// Turns what a user names on the command line (or drops on the window) into sessions: a
// bundle folder or archive is one session; a text file of faulthandler dumps is a stall
// trace of one session; any other folder is a collection, each bundle and dump file in it
// one session. SessionLoadJob does it off the window's thread, findings included.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/report_bundle.h"
#include "model/background_job.h"
#include "model/session_findings.h"

namespace framescope {

struct ReportInputs {
    std::vector<ReportBundle> sessions;
    std::vector<std::string> skipped; // files in collections that were neither, and why
};

// progress counts the paths; a cancel stops between them.
Result<ReportInputs> load_report_inputs(const std::vector<std::string>& paths,
                                        LoadProgress* progress = nullptr);

// A session view of the inputs: every session, and their findings.
struct LoadedSessions {
    std::vector<std::string> paths;
    ReportInputs inputs;
    SessionFindings findings; // crash buckets and session health included
};

Result<std::shared_ptr<LoadedSessions>> load_sessions(const std::vector<std::string>& paths,
                                                      LoadProgress* progress = nullptr);

class SessionLoadJob : public BackgroundJob<std::shared_ptr<LoadedSessions>> {
  public:
    explicit SessionLoadJob(std::vector<std::string> paths);
};

// A .pstats profile rather than a session: a file that starts as a marshalled dict.
bool is_profile_file(const std::string& path);

} // namespace framescope
