// Stalls grouped by the main thread's blocking stack, ranked by time lost, as a table; the
// selected group's blocking stack, what the other threads were doing, and its stalls, each
// one click away from the timeline.
#pragma once

#include "model/session_findings.h"

namespace framescope {

class StallGroupsView {
  public:
    // Returns the stall the user asked to see, or nullptr.
    const Stall* draw(const SessionFindings& findings);

  private:
    size_t selected_ = 0;
};

} // namespace framescope
