// The timeline's ruler and label arithmetic: tick steps that follow the zoom, tick labels as
// time since the start and as time of day, and labels kept apart.

#include <doctest/doctest.h>

#include "viewer/views/label_placement.h"
#include "viewer/views/time_ruler.h"

namespace framescope {

TEST_CASE("time ruler: ticks get closer in time as the view zooms in, never closer on screen") {
    double whole = ruler_step_s(600, 1000, 90); // ten minutes over 1000 px
    double zoomed = ruler_step_s(2, 1000, 90);  // two seconds
    CHECK(whole == 60);
    CHECK(zoomed == doctest::Approx(0.2));
    for (double visible_s : {0.01, 0.5, 3.0, 47.0, 600.0, 7200.0, 100000.0}) {
        CAPTURE(visible_s);
        double step = ruler_step_s(visible_s, 1000, 90);
        CHECK(step / visible_s * 1000 >= 90 - 1e-6);
        CHECK(ruler_step_s(visible_s / 2, 1000, 90) <= step);
    }
}

TEST_CASE("time ruler: ticks are the step's multiples inside the view") {
    std::vector<double> ticks = ruler_ticks(1.3, 3.1, 0.5);
    REQUIRE(ticks.size() == 4);
    CHECK(ticks.front() == doctest::Approx(1.5));
    CHECK(ticks.back() == doctest::Approx(3.0));
    CHECK(ruler_ticks(0, 10, 5).size() == 3);
}

TEST_CASE("time ruler: labels read as minutes and seconds since the start, and time of day") {
    CHECK(format_session_time(83.45, 0.1) == "01:23.5");
    CHECK(format_session_time(83.0, 5) == "01:23");
    CHECK(format_session_time(59.9996, 0.001) == "01:00.000");
    CHECK(format_session_time(3725, 60) == "1:02:05");
    CHECK(format_session_time(-0.0, 0.5) == "00:00.0");
    // 2026-11-26 10:58:34.184851 UTC
    CHECK(format_time_of_day(1795690714.184851, 1) == "10:58:34");
    CHECK(format_time_of_day(1795690714.184851, 0.01) == "10:58:34.18");
}

TEST_CASE("label placement refuses a label that would touch one already placed") {
    LabelPlacement row(4);
    CHECK(row.claim(0, 50));
    CHECK_FALSE(row.claim(52, 90)); // within the gap
    CHECK(row.claim(55, 90));
    row.reserve(200, 210);
    CHECK_FALSE(row.is_free(190, 199));
    CHECK(row.is_free(100, 190));
}

} // namespace framescope
