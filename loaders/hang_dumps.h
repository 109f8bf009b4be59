// The one entry to every hang-dump form a user may paste: tries each reader (faulthandler,
// py-spy, pytest-timeout, gdb py-bt, traceback-printing watchdogs) on the same cleaned lines
// and returns all the dumps found, in the order they appear, for the stall trace loader.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "loaders/thread_dump.h"

namespace framescope {

// Every dump in `text`; an error (naming `file`) only when there is none.
Result<std::vector<HangDump>> parse_hang_dumps(std::string_view text, const std::string& file);

} // namespace framescope
