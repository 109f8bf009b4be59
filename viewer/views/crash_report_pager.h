// One bucket's reports, one at a time: "report 3 of 41" with previous and next (buttons, or
// N and P, or the arrow keys), where the report came from (file, session, version, time),
// the log lines before it, and its text with the application's frames highlighted; a frame's
// line clicked shows its source below.
#pragma once

#include <span>
#include <vector>

#include "model/crash_bucket_detail.h"
#include "viewer/views/source_panel.h"

namespace framescope {

class CrashReportPager {
  public:
    // Back to the first report: another bucket, or the same one re-bucketed.
    void restart();
    void step(int direction, size_t reports);
    // `sessions` are the ones the inputs came from: a report's breadcrumbs are its session's.
    void draw(std::span<const ReportBundle> sessions, std::span<const CrashInput> inputs,
              const BucketDetail& detail, const BucketRules& rules);

  private:
    size_t page_ = 0;
    // What the page's report shows, found once per page, not per frame.
    const CrashReport* shown_ = nullptr;
    std::string_view log_tail_; // of the report's session
    std::vector<uint32_t> application_lines_;
    std::vector<const CrashFrame*> frame_at_; // by the text's line
    SourcePanel source_;
    bool showing_source_ = false;

    void prepare(std::span<const ReportBundle> sessions, const CrashInput& input,
                 const BucketRules& rules);
    void draw_text(const CrashReport& report);
};

} // namespace framescope
