// Keeps labels apart: each label claims an interval along one axis (x for a row of labels,
// y for a column), and one that would touch a label already placed is refused, so the caller
// skips it or tries another place. Plain arithmetic, tested without a window.
#pragma once

#include <vector>

namespace framescope {

class LabelPlacement {
  public:
    explicit LabelPlacement(float gap_px = 4.f) : gap_px_(gap_px) {}
    // Claims [from, to] if it keeps gap_px from every claimed interval; says whether it did.
    bool claim(float from, float to);
    // Claims without checking: something labels must avoid (a bar, a line).
    void reserve(float from, float to) { taken_.push_back({from, to}); }
    bool is_free(float from, float to) const;

  private:
    struct Interval {
        float from, to;
    };
    float gap_px_;
    std::vector<Interval> taken_; // a few dozen at most: a linear scan is cheapest
};

} // namespace framescope
