// The subcommands of the framescope executable. Each returns the process exit code and
// prints its own errors to stderr.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/findings_format.h"

namespace framescope {

int run_stats_command(int argc, char** argv);    // framescope stats ...
int run_import_command(int argc, char** argv);   // framescope import ...
int run_list_command(int argc, char** argv);     // framescope list ...
int run_export_command(int argc, char** argv);   // framescope export ...
int run_report_command(int argc, char** argv);   // framescope report ...
int run_buckets_command(int argc, char** argv);  // framescope buckets ...
int run_diff_command(int argc, char** argv);     // framescope diff ...
int run_overview_command(int argc, char** argv); // framescope overview ...
int run_serve_command(int argc, char** argv);    // framescope serve ...

// What `diff` prints; also the window's comparison without a display.
struct DiffRequest {
    std::vector<std::string> a_files, b_files;
    std::string sort = "delta";
    size_t limit = 30;
    double threshold_percent = 0;
    bool normalise = false;
    FindingsFormat format = FindingsFormat::text;
    std::string frame_function;         // non-empty: changes per frame too, frames counted by it
    std::optional<std::string> db_path; // where "@ID" sides are read from
};
int print_diff(const DiffRequest& request);
int run_view_command(int argc, char** argv); // framescope [options] FILE... (the window)

} // namespace framescope
