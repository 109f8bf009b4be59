// Stalls grouped by the main thread's blocking stack, ranked by time lost, as a table with
// each group's kind; the selected group's kind, remedy and versions, its blocking stack, what
// the other threads were doing, and its stalls one row a session, each one click away from
// the timeline.
#pragma once

#include <vector>

#include "model/session_findings.h"

namespace framescope {

class StallGroupsView {
  public:
    // Returns the stall the user asked to see, or nullptr.
    const Stall* draw(const SessionFindings& findings);

  private:
    size_t selected_ = 0;
    // The selected group's stalls by session, rebuilt when the selection or findings change.
    std::vector<SessionStalls> by_session_;
    const StallGroup* by_session_of_ = nullptr; // the group and its first stall, so that
    const Stall* by_session_first_ = nullptr;   // findings loaded anew rebuild it too

    void draw_table(const std::vector<StallGroup>& groups);
    void draw_diagnosis(const StallGroup& group);
    const Stall* draw_stalls(const SessionFindings& findings, const StallGroup& group);
};

} // namespace framescope
