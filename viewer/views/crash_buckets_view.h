// Crash buckets of the sessions open: the session health, the buckets with their counts
// (most reports first), and for the selected one its reports per application version as a
// small chart, its message variants, and (beside them) its latest report with the
// application's frames highlighted; clicking a frame's line shows its source, that line
// marked.
#pragma once

#include "model/report_inputs.h"
#include "viewer/views/source_panel.h"

namespace framescope {

class CrashBucketsView {
  public:
    // The health and the buckets, with the selected one's versions chart and variants.
    void draw_list(const LoadedSessions& loaded);
    // The selected bucket's latest report.
    void draw_report(const LoadedSessions& loaded);

  private:
    size_t selected_ = 0;
    SourcePanel source_; // a frame of the report clicked: its source, its line marked
    bool showing_source_ = false;
};

} // namespace framescope
