// The store's overview as text, Markdown or JSON: what `framescope --db PATH` shows in the
// window, for a terminal, a CI log or a script (`framescope overview`).
#pragma once

#include <string>

#include "model/findings_format.h"
#include "model/store_overview.h"

namespace framescope {

// At most `top` crash buckets and stall groups; the totals say how many there are.
std::string format_overview(const StoreOverview& overview, FindingsFormat format, size_t top = 10);

} // namespace framescope
