// Turns what a user names on the command line (or drops on the window) into sessions: a
// bundle folder or archive is one session; a text file of faulthandler dumps is a stall
// trace of one session; any other folder is a collection, each bundle and dump file in it
// one session. What each file is, loaders/input_kind says. SessionLoadJob does it off the
// window's thread, findings included.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/report_bundle.h"
#include "loaders/text_report_loader.h"
#include "model/background_job.h"
#include "model/session_findings.h"

namespace framescope {

struct ReportInputs {
    std::vector<ReportBundle> sessions;
    std::vector<std::string> skipped; // profiles, and files in folders that were neither: why
};

// progress counts the files; a cancel stops between them. A profile is skipped with the
// command that opens it; a file named that is not ours is an error, one in a folder skipped.
// With `sink`, the reports of crash text go to it as they are read, not into the sessions.
// With `frame_function`, a profile that knows when each call began and ended (a trace) is
// a session whose frames are the calls of that function (model/trace_session).
Result<ReportInputs> load_report_inputs(const std::vector<std::string>& paths,
                                        LoadProgress* progress = nullptr,
                                        const CrashTextSink* sink = nullptr,
                                        const std::string& frame_function = {});

// A session view of the inputs: every session, and their findings.
struct LoadedSessions {
    LoadedSessions() = default;
    LoadedSessions(const LoadedSessions&) = delete; // the findings point into the inputs
    LoadedSessions& operator=(const LoadedSessions&) = delete;

    std::vector<std::string> paths;
    ReportInputs inputs;
    SessionFindings findings; // crash buckets and session health included
};

// Each path is a file, a folder, or "@ID", a session in the database at `db_path` (the
// default database if none); traces are sessions of `frame_function`'s calls where it is
// given.
Result<std::shared_ptr<LoadedSessions>>
load_sessions(const std::vector<std::string>& paths, LoadProgress* progress = nullptr,
              const std::optional<std::string>& db_path = std::nullopt,
              const std::string& frame_function = {});

class SessionLoadJob : public BackgroundJob<std::shared_ptr<LoadedSessions>> {
  public:
    explicit SessionLoadJob(std::vector<std::string> paths,
                            std::optional<std::string> db_path = std::nullopt,
                            std::string frame_function = {});
};

// Where what was named opens: profiles in the profile views, the rest as sessions (folders
// expanded); files that are neither, each with its one-line reason.
struct OpenPlan {
    std::vector<std::string> profiles;
    std::vector<std::string> sessions;
    std::vector<std::string> refused; // named, and neither: an error
    std::vector<std::string> skipped; // in a folder named, and neither: left out
};

// An "@ID" goes where its stored kind says, read from the database at `db_path`. With a
// `frame_function`, traces open as sessions.
OpenPlan plan_opening(const std::vector<std::string>& paths,
                      const std::optional<std::string>& db_path = std::nullopt,
                      const std::string& frame_function = {});

} // namespace framescope
