// TimelineView: three RectRenderers (bars, minimap, tracks) fed once per session and budget;
// a frame costs a few uniforms, the overlays (budget lines, selection, hover, markers) and
// labels, each claiming its place first (LabelPlacement).

#include "viewer/views/timeline_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "model/findings_format.h"
#include "model/frame_statistics.h"
#include "model/stall_analysis.h"
#include "viewer/views/frame_colours.h"
#include "viewer/views/label_placement.h"
#include "viewer/views/time_ruler.h"

namespace framescope {
namespace {

constexpr float kMinimapHeightPx = 28.f;
constexpr float kMarkerLaneHeightPx = 16.f;
constexpr float kBarsHeightPx = 170.f;
constexpr float kTrackHeightPx = 14.f;
constexpr float kGutterPx = 110.f;    // the value axis and the tracks' names
constexpr float kTickPx = 5.f;        // a ruler tick's length
constexpr float kCrashMarkerPx = 5.f; // half a crash marker's width
constexpr float kLabelGapPx = 10.f;   // between two ruler labels
constexpr int kTracks = 3;            // GC pauses, stalls, sampled frames
constexpr const char* kTrackNames[kTracks] = {"GC", "stalls", "samples"};
// The widest a ruler label gets, for the spacing of the ticks.
constexpr const char* kWidestRulerLabel = "00:00:00.000";

// Orders samples by the frame they were taken in (they are written in that order).
struct SamplesByFrame {
    bool operator()(const StackSample& sample, uint32_t frame) const {
        return sample.frame_index < frame;
    }
    bool operator()(uint32_t frame, const StackSample& sample) const {
        return frame < sample.frame_index;
    }
};

// The end of the last frame, or 0.
double frames_end_us(const ReportBundle& bundle) {
    if (bundle.frames.duration_us.empty())
        return 0;
    return double(bundle.frames.start_us.back()) + bundle.frames.duration_us.back();
}

// Where the recorder last heard of the session: its last sample, or its end record.
double recorder_end_us(const ReportBundle& bundle) {
    double end = 0;
    if (!bundle.samples.empty())
        end = bundle.samples.back().time_s * 1e6;
    const SessionEnding& ending = bundle.ending;
    if (ending.end_unix > 0 && bundle.session.start_unix > 0)
        end = std::max(end, (ending.end_unix - bundle.session.start_unix) * 1e6);
    return end;
}

double session_length_us(const ReportBundle& bundle) {
    double end = frames_end_us(bundle);
    for (const StackSample& sample : bundle.samples)
        end = std::max(end, sample.time_s * 1e6);
    for (const GcEvent& event : bundle.gc_events)
        end = std::max(end, (event.time_s + event.duration_ms / 1000.0) * 1e6);
    if (bundle.ending.hung)
        end = std::max(end, recorder_end_us(bundle));
    return std::max(end, 1.0);
}

std::string format_ms(double ms) {
    char text[32];
    if (ms >= 1000)
        std::snprintf(text, sizeof text, "%.2f s", ms / 1000);
    else
        std::snprintf(text, sizeof text, "%.1f ms", ms);
    return text;
}

// "KeyError: 'player' (on AssetWorker)": the exception a crash record holds, first line.
std::string crash_summary(const CrashRecord& crash) {
    std::string what;
    for (const CrashReport& report : crash.reports)
        if (const CrashException* exception = report.final_exception()) {
            std::string message = exception->message.substr(0, exception->message.find('\n'));
            what = exception->type + (message.empty() ? "" : ": " + message);
            break;
        }
    if (what.empty())
        what = crash.kind;
    return crash.thread.empty() ? what : what + " (on " + crash.thread + ")";
}

std::string fatal_summary(const ReportBundle& bundle) {
    for (const CrashReport& report : bundle.fatal_reports)
        if (!report.fatal_kind.empty())
            return report.fatal_kind + ": " + report.fatal_message;
    return "Fatal Python error";
}

ImTextureID texture_id(GLuint texture) {
    return reinterpret_cast<ImTextureID>(uintptr_t(texture));
}

} // namespace

Status TimelineView::init() {
    if (Status s = bars_.init(RectShape::bars); !s)
        return s;
    if (Status s = minimap_.init(RectShape::bars); !s)
        return s;
    return tracks_.init(RectShape::rows);
}

float TimelineView::bar_height(double duration_ms) const {
    double budget = uploaded_budget_ms_ > 0 ? uploaded_budget_ms_ : 1;
    return float(std::log2(1 + duration_ms / budget) / std::log2(1 + max_height_ms_ / budget));
}

void TimelineView::upload(const ReportBundle& bundle, double budget_ms) {
    if (uploaded_ != &bundle)
        viewport_ = {};
    uploaded_ = &bundle;
    uploaded_budget_ms_ = budget_ms;
    total_us_ = session_length_us(bundle);
    const FrameTimings& frames = bundle.frames;
    hung_ = {};
    if (bundle.ending.hung && frames.size() > 0 &&
        recorder_end_us(bundle) > frames_end_us(bundle)) {
        hung_.shown = true;
        hung_.start_us = frames_end_us(bundle);
        hung_.end_us = recorder_end_us(bundle);
        hung_.label = bundle.ending.status == SessionStatus::abnormal ? "hung, killed" : "hung";
    }
    double longest_ms = hung_.shown ? (hung_.end_us - hung_.start_us) / 1000.0 : 0;
    for (uint32_t duration : frames.duration_us)
        longest_ms = std::max(longest_ms, duration / 1000.0);
    max_height_ms_ = std::max(longest_ms, 4 * budget_ms); // normal frames stay low

    std::vector<RectInstance> bars;
    bars.reserve(frames.size() + 1);
    for (size_t i = 0; i < frames.size(); ++i) {
        double ms = frames.duration_us[i] / 1000.0;
        FrameSeverity severity = frame_severity(ms, budget_ms, bundle.session.stall_ms);
        bars.push_back({float(frames.start_us[i] / total_us_),
                        float((frames.start_us[i] + frames.duration_us[i]) / total_us_),
                        bar_height(ms), severity_colour(severity)});
    }
    if (hung_.shown)
        bars.push_back({float(hung_.start_us / total_us_), float(hung_.end_us / total_us_),
                        bar_height((hung_.end_us - hung_.start_us) / 1000.0), kHungColour});
    levels_.build(std::move(bars));
    bars_.upload(levels_.instances());
    minimap_.upload(levels_.instances());

    crashes_.clear();
    for (const CrashRecord& crash : bundle.crashes)
        crashes_.push_back({crash.time_s * 1e6, crash_summary(crash)});
    // faulthandler's record carries no time: the process died where its record ends.
    if (!bundle.fatal_error.empty())
        crashes_.push_back(
            {std::max(frames_end_us(bundle), recorder_end_us(bundle)), fatal_summary(bundle)});
    std::stable_sort(
        crashes_.begin(), crashes_.end(),
        [](const CrashMarker& a, const CrashMarker& b) { return a.time_us < b.time_us; });

    std::vector<RectInstance> tracks;
    for (const GcEvent& event : bundle.gc_events)
        tracks.push_back({float(event.time_s * 1e6 / total_us_),
                          float((event.time_s + event.duration_ms / 1000.0) * 1e6 / total_us_), 0,
                          event.generation == 2 ? kGcFullColour : kGcYoungColour});
    for (const Stall& stall : find_stalls(bundle, 0))
        tracks.push_back({float(stall.start_s * 1e6 / total_us_),
                          float((stall.start_s + stall.duration_s) * 1e6 / total_us_), 1,
                          stall.unfinished ? kHungColour : kStallColour});
    for (const StackSample& sample : bundle.samples) {
        double start_us = (sample.time_s - sample.lag_s) * 1e6;
        tracks.push_back({float(start_us / total_us_), float(sample.time_s * 1e6 / total_us_), 2,
                          kSampleColour});
    }
    tracks_.upload(tracks);
}

uint32_t TimelineView::frame_at(const ReportBundle& bundle, double time_us) const {
    if (hung_.shown && time_us >= hung_.start_us)
        return uint32_t(bundle.frames.size()); // the frame that never finished
    const std::vector<uint64_t>& starts = bundle.frames.start_us;
    auto after = std::upper_bound(starts.begin(), starts.end(), uint64_t(std::max(0.0, time_us)));
    return uint32_t(after == starts.begin() ? 0 : after - starts.begin() - 1);
}

void TimelineView::show_frames(const ReportBundle& bundle, uint32_t first, uint32_t last) {
    if (bundle.frames.size() == 0 || last >= bundle.frames.size())
        return;
    double from = bundle.frames.start_us[first] / total_us_;
    double to = (bundle.frames.start_us[last] + bundle.frames.duration_us[last]) / total_us_;
    double width = viewport_.end - viewport_.start;
    if (from >= viewport_.start && to <= viewport_.end && to - from > width * 0.02)
        return; // already in view, and not a sliver
    double span =
        std::max({to - from, width, 200.0 * bundle.frames.duration_us[first] / total_us_});
    viewport_.show((from + to) / 2 - span / 2, (from + to) / 2 + span / 2);
}

bool TimelineView::step_to_slow_frame(const ReportBundle& bundle, double budget_ms, int direction,
                                      FrameSelection& selection) {
    const std::vector<uint32_t>& durations = bundle.frames.duration_us;
    int64_t at = selection.active ? int64_t(direction > 0 ? selection.last : selection.first)
                                  : (direction > 0 ? -1 : int64_t(durations.size()));
    for (int64_t i = at + direction; i >= 0 && i < int64_t(durations.size()); i += direction) {
        if (durations[size_t(i)] / 1000.0 > budget_ms) {
            selection = {true, uint32_t(i), uint32_t(i)};
            show_frames(bundle, selection.first, selection.last);
            return true;
        }
    }
    return false;
}

float TimelineView::x_of_us(const Layout& layout, double time_us) const {
    return layout.plot_x +
           float((time_us / total_us_ - viewport_.start) / (viewport_.end - viewport_.start)) *
               layout.plot_width;
}

double TimelineView::us_of_x(const Layout& layout, float x) const {
    return (viewport_.start +
            double(x - layout.plot_x) / layout.plot_width * (viewport_.end - viewport_.start)) *
           total_us_;
}

// The whole session, with the view's window. A click centres the view there.
void TimelineView::draw_minimap(const Layout& layout) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImGui::Dummy(ImVec2(kGutterPx, kMinimapHeightPx));
    ImGui::SameLine(0, 0);
    ImVec2 mini = ImGui::GetCursorScreenPos();
    float width = layout.plot_width;
    BarLevels::Range whole = levels_.visible(0, 1, width);
    GLuint texture = minimap_.render(int(width), int(kMinimapHeightPx), {0, 1, 0, 0},
                                     kPlotBackground, whole.first, whole.count);
    ImGui::Image(texture_id(texture), ImVec2(width, kMinimapHeightPx), ImVec2(0, 1), ImVec2(1, 0));
    if (ImGui::IsItemHovered() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        double centre = (ImGui::GetIO().MousePos.x - mini.x) / width;
        double half = (viewport_.end - viewport_.start) / 2;
        viewport_.show(centre - half, centre + half);
    }
    draw->AddRect(
        ImVec2(mini.x + float(viewport_.start) * width, mini.y),
        ImVec2(mini.x + std::max(float(viewport_.end) * width, float(viewport_.start) * width + 2),
               mini.y + kMinimapHeightPx),
        kViewportFrame);
}

// Crashes as markers and the hung frame's label, in a lane of their own above the bars.
void TimelineView::draw_marker_lane(const Layout& layout) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float left = layout.plot_x, right = layout.plot_x + layout.plot_width;
    float top = layout.lane_y, bottom = layout.lane_y + kMarkerLaneHeightPx;
    LabelPlacement lane(2);
    std::string hovered;
    ImVec2 mouse = ImGui::GetIO().MousePos;
    bool mouse_in_lane = ImGui::IsWindowHovered() && mouse.y >= top && mouse.y < bottom;
    for (const CrashMarker& crash : crashes_) {
        float x = x_of_us(layout, crash.time_us);
        if (x < left - kCrashMarkerPx || x > right + kCrashMarkerPx)
            continue;
        x = std::clamp(x, left + kCrashMarkerPx, right - kCrashMarkerPx); // a crash at the end
        if (mouse_in_lane && std::abs(mouse.x - x) <= kCrashMarkerPx + 1)
            hovered += (hovered.empty() ? "" : "\n") + crash.what;
        // Markers closer than one marker's width are drawn once: the tooltip lists them all.
        if (!lane.claim(x - kCrashMarkerPx, x + kCrashMarkerPx))
            continue;
        draw->AddTriangleFilled(ImVec2(x - kCrashMarkerPx, top + 2),
                                ImVec2(x + kCrashMarkerPx, top + 2), ImVec2(x, bottom - 2),
                                kCrashColour);
        draw->AddLine(ImVec2(x, layout.bars_y), ImVec2(x, layout.bars_y + kBarsHeightPx),
                      kCrashColour);
    }
    if (hung_.shown) {
        float from = std::max(x_of_us(layout, hung_.start_us), left);
        float to = std::min(x_of_us(layout, hung_.end_us), right);
        float text_width = ImGui::CalcTextSize(hung_.label).x;
        // At the hung frame's start, else at its end, else left out.
        for (float x : {from + 3, to - text_width - 3})
            if (to > from && x >= left && x + text_width <= right &&
                lane.claim(x, x + text_width)) {
                draw->AddText(ImVec2(x, top), kHungColour, hung_.label);
                break;
            }
        if (mouse_in_lane && mouse.x >= from && mouse.x <= to && hovered.empty())
            hovered = std::string("the last frame never finished: ") + hung_.label;
    }
    if (!hovered.empty())
        ImGui::SetTooltip("%s", hovered.c_str());
}

// Budget lines across the bars; their labels and the full height's in the gutter, the
// budget's first, each left out where it would touch one placed before it.
void TimelineView::draw_value_axis(const Layout& layout, double budget_ms) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float line_height = ImGui::GetTextLineHeight();
    LabelPlacement column(1);
    auto label = [&](float y, const std::string& text) {
        float top = std::clamp(y - line_height / 2, layout.bars_y,
                               layout.bars_y + kBarsHeightPx - line_height);
        if (!column.claim(top, top + line_height))
            return;
        float width = ImGui::CalcTextSize(text.c_str()).x;
        draw->AddText(ImVec2(layout.plot_x - width - 6, top), kAxisTextColour, text.c_str());
    };
    for (double multiple : {1.0, 2.0}) {
        float y = layout.bars_y + kBarsHeightPx * (1 - bar_height(budget_ms * multiple));
        draw->AddLine(ImVec2(layout.plot_x, y), ImVec2(layout.plot_x + layout.plot_width, y),
                      multiple == 1 ? kBudgetLineColour : kTwiceBudgetLineColour);
        label(y, (multiple == 1 ? "budget " : "2x ") + format_ms(budget_ms * multiple));
    }
    label(layout.bars_y, format_ms(max_height_ms_));
}

// Ticks at round times, each labelled with the time since the start and, where the session
// says when it started, the time of day; a label that would touch its neighbour is left out.
void TimelineView::draw_ruler(const Layout& layout, const ReportBundle& bundle) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float line_height = ImGui::GetTextLineHeight();
    bool wall_clock = bundle.session.start_unix > 0;
    float top = layout.ruler_y;
    draw->AddText(ImVec2(layout.plot_x - ImGui::CalcTextSize("since start").x - 6, top + kTickPx),
                  kAxisTextColour, "since start");
    if (wall_clock)
        draw->AddText(
            ImVec2(layout.plot_x - ImGui::CalcTextSize("UTC").x - 6, top + kTickPx + line_height),
            kAxisTextColour, "UTC");
    double start_s = viewport_.start * total_us_ / 1e6;
    double end_s = viewport_.end * total_us_ / 1e6;
    float label_px = ImGui::CalcTextSize(kWidestRulerLabel).x;
    double step_s = ruler_step_s(end_s - start_s, layout.plot_width, label_px + kLabelGapPx);
    LabelPlacement row(kLabelGapPx / 2);
    float left = layout.plot_x, right = layout.plot_x + layout.plot_width;
    for (double tick_s : ruler_ticks(start_s, end_s, step_s)) {
        float x = x_of_us(layout, tick_s * 1e6);
        draw->AddLine(ImVec2(x, top), ImVec2(x, top + kTickPx), kAxisTickColour);
        std::string since = format_session_time(tick_s, step_s);
        std::string of_day =
            wall_clock ? format_time_of_day(bundle.session.start_unix + tick_s, step_s) : "";
        float width =
            std::max(ImGui::CalcTextSize(since.c_str()).x, ImGui::CalcTextSize(of_day.c_str()).x);
        // Left-aligned at its tick, as the first tick's label must be anyway.
        float text_x = std::min(x + 3, right - width);
        if (text_x < left || !row.claim(text_x, text_x + width))
            continue;
        draw->AddText(ImVec2(text_x, top + kTickPx), kAxisTextColour, since.c_str());
        if (wall_clock)
            draw->AddText(ImVec2(text_x, top + kTickPx + line_height), kAxisTextColour,
                          of_day.c_str());
    }
}

void TimelineView::handle_bars_input(const Layout& layout, const ReportBundle& bundle,
                                     double budget_ms, bool hovered, FrameSelection& selection) {
    ImGuiIO& io = ImGui::GetIO();
    if (hovered && bundle.frames.size() > 0) {
        double time_us = us_of_x(layout, io.MousePos.x);
        uint32_t frame = frame_at(bundle, time_us);
        if (io.MouseWheel != 0)
            viewport_.zoom(std::pow(1.25, io.MouseWheel),
                           (io.MousePos.x - layout.plot_x) / layout.plot_width);
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            viewport_ = {};
        } else if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && io.KeyShift) {
            dragging_range_ = true;
            range_anchor_us_ = time_us;
        } else if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            selection = {true, frame, frame};
        }
        if (frame == bundle.frames.size()) {
            ImGui::SetTooltip("frame %u, %s: it never finished; %s from %.3f s to the session's "
                              "end\nclick: select, Shift+drag: select a range",
                              frame, hung_.label,
                              format_ms((hung_.end_us - hung_.start_us) / 1000.0).c_str(),
                              hung_.start_us / 1e6);
        } else {
            uint32_t duration = bundle.frames.duration_us[frame];
            // Samples are written in time order, so by frame: a binary search, not a scan.
            auto [first, last] = std::equal_range(bundle.samples.begin(), bundle.samples.end(),
                                                  frame, SamplesByFrame{});
            uint32_t samples = uint32_t(last - first);
            ImGui::SetTooltip(
                "frame %u at %.3f s: %s (%s)\nGC %s; %u stack samples\nclick: select, "
                "Shift+drag: select a range, wheel: zoom",
                frame, bundle.frames.start_us[frame] / 1e6, format_ms(duration / 1000.0).c_str(),
                to_string(frame_severity(duration / 1000.0, budget_ms, bundle.session.stall_ms)),
                format_ms(gc_ms_between(bundle, bundle.frames.start_us[frame] / 1e6,
                                        (bundle.frames.start_us[frame] + duration) / 1e6))
                    .c_str(),
                samples);
        }
    }
    if (dragging_range_) {
        double time_us = us_of_x(layout, io.MousePos.x);
        uint32_t a = frame_at(bundle, std::min(range_anchor_us_, time_us));
        uint32_t b = frame_at(bundle, std::max(range_anchor_us_, time_us));
        selection = {true, a, b};
        if (!ImGui::IsMouseDown(ImGuiMouseButton_Left))
            dragging_range_ = false;
    } else if (hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        viewport_.pan(-io.MouseDelta.x / layout.plot_width);
    }
}

bool TimelineView::draw(const ReportBundle& bundle, double budget_ms, FrameSelection& selection) {
    if (uploaded_ != &bundle || uploaded_budget_ms_ != budget_ms)
        upload(bundle, budget_ms);
    FrameSelection before = selection;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    Layout layout;
    layout.plot_width = std::max(ImGui::GetContentRegionAvail().x - kGutterPx, 1.f);
    layout.plot_x = ImGui::GetCursorScreenPos().x + kGutterPx;

    draw_minimap(layout);

    layout.lane_y = ImGui::GetCursorScreenPos().y;
    ImGui::Dummy(ImVec2(kGutterPx + layout.plot_width, kMarkerLaneHeightPx));

    // The frames.
    ImGui::Dummy(ImVec2(kGutterPx, kBarsHeightPx));
    ImGui::SameLine(0, 0);
    layout.bars_y = ImGui::GetCursorScreenPos().y;
    BarLevels::Range shown = levels_.visible(viewport_.start, viewport_.end, layout.plot_width);
    GLuint bars_texture = bars_.render(int(layout.plot_width), int(kBarsHeightPx),
                                       {viewport_.start, viewport_.end, 0, 0}, kPlotBackground,
                                       shown.first, shown.count);
    ImGui::Image(texture_id(bars_texture), ImVec2(layout.plot_width, kBarsHeightPx), ImVec2(0, 1),
                 ImVec2(1, 0));
    bool hovered = ImGui::IsItemHovered();
    draw_value_axis(layout, budget_ms);
    draw_marker_lane(layout);
    // A stall's selection may be the hung frame: one past the last that finished.
    bool hung_selected = hung_.shown && selection.active && selection.last == bundle.frames.size();
    if (selection.active && (selection.last < bundle.frames.size() || hung_selected)) {
        auto start_us = [&](uint32_t frame) {
            return frame < bundle.frames.size() ? double(bundle.frames.start_us[frame])
                                                : hung_.start_us;
        };
        float left = x_of_us(layout, start_us(selection.first));
        float right =
            x_of_us(layout, hung_selected ? hung_.end_us
                                          : start_us(selection.last) +
                                                bundle.frames.duration_us[selection.last]);
        right = std::max(right, left + 2);
        ImVec2 top_left(left, layout.bars_y), bottom_right(right, layout.bars_y + kBarsHeightPx);
        // The hung frame keeps its red: the outline says it is selected.
        float fill_right = hung_selected ? std::min(right, x_of_us(layout, hung_.start_us)) : right;
        if (fill_right > left)
            draw->AddRectFilled(top_left, ImVec2(fill_right, bottom_right.y), kSelectionFill);
        draw->AddRect(top_left, bottom_right, kSelectionEdge, 0, 0, hung_selected ? 2.f : 1.f);
    }
    handle_bars_input(layout, bundle, budget_ms, hovered, selection);

    // Tracks beneath, named in the gutter.
    float tracks_height = kTrackHeightPx * kTracks;
    ImGui::Dummy(ImVec2(kGutterPx, tracks_height));
    ImGui::SameLine(0, 0);
    layout.tracks_y = ImGui::GetCursorScreenPos().y;
    GLuint tracks_texture =
        tracks_.render(int(layout.plot_width), int(tracks_height),
                       {viewport_.start, viewport_.end, kTrackHeightPx, 0}, kPlotBackground);
    ImGui::Image(texture_id(tracks_texture), ImVec2(layout.plot_width, tracks_height), ImVec2(0, 1),
                 ImVec2(1, 0));
    for (int track = 0; track < kTracks; ++track) {
        float width = ImGui::CalcTextSize(kTrackNames[track]).x;
        draw->AddText(
            ImVec2(layout.plot_x - width - 6, layout.tracks_y + kTrackHeightPx * float(track)),
            kAxisTextColour, kTrackNames[track]);
    }

    layout.ruler_y = ImGui::GetCursorScreenPos().y;
    draw_ruler(layout, bundle);
    ImGui::Dummy(
        ImVec2(kGutterPx + layout.plot_width, kTickPx + 2 * ImGui::GetTextLineHeight() + 2));
    return !(selection == before);
}

} // namespace framescope
