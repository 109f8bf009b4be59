// A file of hang dumps (faulthandler's `dump_traceback_later(T, repeat=True)` timeout dumps,
// or any form parse_hang_dumps reads: py-spy, pytest-timeout, gdb, watchdogs) read as the
// stall trace of one session whose frames are unknown. Consecutive dumps whose
// main thread is in the same place are one stall, lasting about dumps x T: its samples have
// the stall's number as frame_index and lags of T, 2T, ... A fatal-error dump in the file
// makes the session crashed, with the file's text as its fatal error (a file of fatal dumps
// alone holds no stall: text_report_loader reads it as crash reports).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "loaders/report_bundle.h"

namespace framescope {

Result<ReportBundle> load_stall_trace(std::string_view text, const std::string& source);

} // namespace framescope
