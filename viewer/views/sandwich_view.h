// The sandwich view: for the selected function, a flame graph of its callers above (the
// function on top, who called it below it) and of its callees below, each merged over every
// place the function appears. Clicking a node makes its function the filling. Built off the
// window's thread.
#pragma once

#include <memory>

#include "model/background_job.h"
#include "model/sandwich.h"
#include "viewer/viewer_state.h"
#include "viewer/views/flame_graph_view.h"

namespace framescope {

class SandwichView {
  public:
    Status init();
    void draw(ViewerState& state);
    bool working() const { return building_ != nullptr; }

  private:
    FlameGraphView callers_, callees_;
    const CallTree* built_for_ = nullptr;
    FunctionId built_function_ = kNoFunction;
    std::unique_ptr<BackgroundJob<std::shared_ptr<const Sandwich>>> building_;
    std::shared_ptr<const Sandwich> sandwich_;
};

} // namespace framescope
