// Details of the selected function: its full name and path, own and total time with their
// shares, calls, its heaviest callers and callees (a click selects them), and its source
// lines where the file can be read on this machine, or through a path mapping the user adds
// for files recorded elsewhere, its first line marked. The source is read off the window's
// thread.
#pragma once

#include <string>
#include <vector>

#include "viewer/viewer_state.h"
#include "viewer/views/source_panel.h"

namespace framescope {

class DetailsView {
  public:
    void draw(ViewerState& state);
    bool working() const { return source_.working(); }

  private:
    const LoadedProfile* shown_ = nullptr;
    FunctionId shown_function_ = kNoFunction;
    std::vector<std::pair<FunctionId, double>> callers_, callees_; // with the edge's total
    SourcePanel source_;

    void select(const ViewerState& state);
    void draw_edges(ViewerState& state, const char* title,
                    const std::vector<std::pair<FunctionId, double>>& edges);
};

} // namespace framescope
