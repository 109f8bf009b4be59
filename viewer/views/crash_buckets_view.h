// Crash buckets of the sessions open: the session health, the buckets with their counts
// (most reports first), and for the selected one its reports per application version as a
// small chart, its message variants, and (beside them) its latest report with the
// application's frames highlighted.
#pragma once

#include "model/report_inputs.h"

namespace framescope {

class CrashBucketsView {
  public:
    // The health and the buckets, with the selected one's versions chart and variants.
    void draw_list(const LoadedSessions& loaded);
    // The selected bucket's latest report.
    void draw_report(const LoadedSessions& loaded);

  private:
    size_t selected_ = 0;
};

} // namespace framescope
