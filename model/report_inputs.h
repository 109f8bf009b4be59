// Turns what a user names on the command line (or drops on the window) into sessions: a
// bundle folder or archive is one session; a text file of faulthandler dumps is a stall
// trace of one session; any other folder is a collection, each bundle and dump file in it
// one session.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "loaders/report_bundle.h"

namespace framescope {

struct ReportInputs {
    std::vector<ReportBundle> sessions;
    std::vector<std::string> skipped; // files in collections that were neither, and why
};

Result<ReportInputs> load_report_inputs(const std::vector<std::string>& paths);

} // namespace framescope
