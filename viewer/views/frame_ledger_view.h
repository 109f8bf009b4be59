// The frame budget ledger of the frames selected on the timeline, as a table: function,
// milliseconds per frame (self and total), frames lost and frames lost per minute. The ledger
// is added up off the window's thread (model/frame_budget_ledger) whenever the range, the
// session or the budget changes; the table shows the last one finished meanwhile.
#pragma once

#include <memory>

#include "model/background_job.h"
#include "model/frame_budget_ledger.h"
#include "model/report_inputs.h"
#include "viewer/views/timeline_view.h"

namespace framescope {

class FrameLedgerView {
  public:
    // `range`: the frames selected on the timeline, all of the session when none are.
    void draw(const std::shared_ptr<LoadedSessions>& loaded, size_t session,
              const FrameSelection& range, double budget_ms);

  private:
    // What the ledger shown (or being added up) is for.
    struct Key {
        const LoadedSessions* loaded = nullptr;
        size_t session = 0;
        FrameSelection range;
        double budget_ms = 0;
        bool operator==(const Key&) const = default;
    };
    Key wanted_; // of the last job started
    std::unique_ptr<BackgroundJob<std::shared_ptr<const FrameBudgetLedger>>> adding_up_;
    std::shared_ptr<const FrameBudgetLedger> ledger_; // the last one finished

    void start(const std::shared_ptr<LoadedSessions>& loaded, const Key& key);
    void draw_table(const FrameBudgetLedger& ledger) const;
};

} // namespace framescope
