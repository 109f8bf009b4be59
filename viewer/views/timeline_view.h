// A session's timeline: every frame as a bar against the frame budget (log scale, coloured
// by severity), with GC pauses, stalls and sampled frames as tracks beneath, a time ruler
// (since the start, and time of day) under them and a minimap of the whole session above.
// A hung session's last frame runs on, in red, to the session's end; crashes are marked in a
// lane above the bars. Axis labels sit in a gutter on the left and markers in their lane, so
// no label covers a bar, and labels that would touch each other are left out. Drawn by
// RectRenderer: the bars are uploaded once per session or budget, with levels of detail (BarLevels)
// that merge neighbours keeping the tallest, so a view draws about as many bars as it has pixels
// and never hides a spike; zooming and panning over 200,000 frames change two uniforms and a range.
//
// Wheel zooms around the pointer, dragging pans, a click selects a frame, Shift+drag selects a
// range, double-click shows the whole session; on the minimap a click centres the view.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "loaders/report_bundle.h"
#include "viewer/gl/bar_levels.h"
#include "viewer/gl/rect_renderer.h"
#include "viewer/views/flame_layout.h"

namespace framescope {

// Frames [first, last] of the session in view; empty when nothing is selected. In a session
// that hung, frame frames.size() is the one that never finished.
struct FrameSelection {
    bool active = false;
    uint32_t first = 0, last = 0;
    bool operator==(const FrameSelection&) const = default;
};

class TimelineView {
  public:
    Status init();
    // Returns true when the user changed the selection.
    bool draw(const ReportBundle& bundle, double budget_ms, FrameSelection& selection);
    // Selects the next (direction 1) or previous (-1) frame over budget and brings it into view.
    bool step_to_slow_frame(const ReportBundle& bundle, double budget_ms, int direction,
                            FrameSelection& selection);
    // Brings frames [first, last] into view.
    void show_frames(const ReportBundle& bundle, uint32_t first, uint32_t last);

  private:
    // The frame that never finished, from the last frame's end to the session's end.
    struct HungFrame {
        bool shown = false;
        double start_us = 0, end_us = 0;
        const char* label = "hung"; // "hung, killed" where the session ended abnormally
    };
    struct CrashMarker {
        double time_us = 0;
        std::string what; // "KeyError: 'player' (on AssetWorker)"
    };
    // Where this frame's rows went on screen, for the overlays and the input.
    struct Layout {
        float plot_x = 0, plot_width = 1; // the bars, tracks and ruler share one x axis
        float lane_y = 0, bars_y = 0, tracks_y = 0, ruler_y = 0;
    };

    RectRenderer bars_, minimap_, tracks_;
    BarLevels levels_; // the frames' bars, for the bars and the minimap
    FlameViewport viewport_;
    const ReportBundle* uploaded_ = nullptr;
    double uploaded_budget_ms_ = 0;
    double total_us_ = 1;      // the axis: the session's length
    double max_height_ms_ = 1; // the duration drawn full height
    bool dragging_range_ = false;
    double range_anchor_us_ = 0;
    HungFrame hung_;
    std::vector<CrashMarker> crashes_; // in time order

    void upload(const ReportBundle& bundle, double budget_ms);
    float x_of_us(const Layout& layout, double time_us) const;
    double us_of_x(const Layout& layout, float x) const;
    void draw_minimap(const Layout& layout);
    void draw_marker_lane(const Layout& layout);
    void draw_value_axis(const Layout& layout, double budget_ms);
    void draw_ruler(const Layout& layout, const ReportBundle& bundle);
    void handle_bars_input(const Layout& layout, const ReportBundle& bundle, double budget_ms,
                           bool hovered, FrameSelection& selection);
    float bar_height(double duration_ms) const; // 0..1, log scale
    // The frame running at `time_us`; frames.size() for the hung frame, where there is one.
    uint32_t frame_at(const ReportBundle& bundle, double time_us) const;
};

} // namespace framescope
