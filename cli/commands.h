// The subcommands of the framescope executable. Each returns the process exit code and
// prints its own errors to stderr.
#pragma once

namespace framescope {

int run_stats_command(int argc, char** argv);  // framescope stats ...
int run_import_command(int argc, char** argv); // framescope import ...
int run_list_command(int argc, char** argv);   // framescope list ...
int run_view_command(int argc, char** argv);   // framescope [options] FILE... (the window)

} // namespace framescope
