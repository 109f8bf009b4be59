// Levels of detail for the timeline's bars: a view draws about as many bars as it has
// pixels, and the tallest frame of the view is always among them (no spike is hidden).

#include <doctest/doctest.h>

#include <algorithm>

#include "loaders/bundle_loader.h"
#include "tests/support/test_support.h"
#include "viewer/gl/bar_levels.h"

namespace framescope {

TEST_CASE("bar levels keep every view's tallest frame and about a bar per pixel") {
    Result<ReportBundle> bundle =
        load_bundle((test::samples_dir() / "bundles" / "gc-storm.tar.gz").string());
    REQUIRE(bundle);
    // The session's frames, repeated to an hour's worth at 60 fps.
    std::vector<RectInstance> bars;
    const FrameTimings& frames = bundle->frames;
    const size_t count = 216'000;
    for (size_t i = 0; i < count; ++i) {
        float height = float(frames.duration_us[i % frames.size()]) / 300'000.f;
        bars.push_back({float(i) / count, float(i + 1) / count, height, uint32_t(i)});
    }
    BarLevels levels;
    levels.build(bars);
    for (double span : {1.0, 0.3, 0.01, 1e-3, 1e-4}) {
        for (double start : {0.0, 0.25, 1.0 - span}) {
            BarLevels::Range range = levels.visible(start, start + span, 1600);
            INFO("span " << span << " start " << start);
            CHECK(range.count <= 2 * 1600 + 2);
            CHECK(range.count >= std::min<size_t>(size_t(span * count) / 2, 800));
            float tallest_shown = 0, tallest = 0;
            for (size_t i = range.first; i < range.first + range.count; ++i)
                tallest_shown = std::max(tallest_shown, levels.instances()[i].row);
            for (const RectInstance& bar : bars)
                if (bar.x1 > start && bar.x0 < start + span)
                    tallest = std::max(tallest, bar.row);
            CHECK(tallest_shown == tallest);
        }
    }
}

} // namespace framescope
