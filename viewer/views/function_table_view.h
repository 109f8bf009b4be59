// The function table: the function's name first and where it is in short (the full pstats
// label in its tooltip), then every pstats column in adaptive units with own and total shares,
// with a per-frame function (suggested, or the selection) ms per frame and the share of a frame
// budget, sortable by any, showing only the window's search matches while there is a search,
// built-ins and the standard library hidden on request, with a totals line. Rows are sorted only
// when the sort or the filter changes, and drawn through a clipper.
#pragma once

#include <string>
#include <vector>

#include "viewer/viewer_state.h"

namespace framescope {

class FunctionTableView {
  public:
    void draw(ViewerState& state);

  private:
    const LoadedProfile* shown_ = nullptr;        // the profile `rows_` was built for
    std::vector<FunctionId> rows_;                // filtered and sorted
    const FunctionSearch* filtered_by_ = nullptr; // the search `rows_` keep to
    bool hide_library_ = false;
    bool rows_dirty_ = true;
    bool scroll_to_selection_ = false;
    int sort_column_ = 6, sort_direction_ = -1; // total time, largest first

    void rebuild(const ViewerState& state);
    void draw_frame_controls(ViewerState& state);
    void draw_row_menu(ViewerState& state, FunctionId f);
};

} // namespace framescope
