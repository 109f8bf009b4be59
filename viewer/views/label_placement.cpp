#include "viewer/views/label_placement.h"

namespace framescope {

bool LabelPlacement::is_free(float from, float to) const {
    for (const Interval& taken : taken_)
        if (from < taken.to + gap_px_ && taken.from < to + gap_px_)
            return false;
    return true;
}

bool LabelPlacement::claim(float from, float to) {
    if (!is_free(from, to))
        return false;
    taken_.push_back({from, to});
    return true;
}

} // namespace framescope
