// TimelineView: three RectRenderers (bars, minimap, tracks) fed once per session and budget;
// a frame costs a few uniforms, the overlays (budget lines, selection, hover) and labels.

#include "viewer/views/timeline_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "model/findings_format.h"
#include "model/frame_statistics.h"
#include "model/stall_analysis.h"

namespace framescope {
namespace {

constexpr float kMinimapHeightPx = 28.f;
constexpr float kBarsHeightPx = 170.f;
constexpr float kTrackHeightPx = 14.f;
constexpr int kTracks = 3; // GC pauses, stalls, sampled frames
constexpr uint32_t kBackground = 0xff201c1c;
constexpr const char* kTrackNames[kTracks] = {"GC", "stalls", "samples"};

uint32_t severity_colour(FrameSeverity severity) {
    switch (severity) {
    case FrameSeverity::within_budget:
        return IM_COL32(90, 150, 110, 255);
    case FrameSeverity::over_budget:
        return IM_COL32(230, 200, 70, 255);
    case FrameSeverity::over_twice_budget:
        return IM_COL32(240, 130, 50, 255);
    case FrameSeverity::stall:
        return IM_COL32(235, 60, 60, 255);
    }
    return 0;
}

// Orders samples by the frame they were taken in (they are written in that order).
struct SamplesByFrame {
    bool operator()(const StackSample& sample, uint32_t frame) const {
        return sample.frame_index < frame;
    }
    bool operator()(uint32_t frame, const StackSample& sample) const {
        return frame < sample.frame_index;
    }
};

double session_length_us(const ReportBundle& bundle) {
    double end = 0;
    if (!bundle.frames.duration_us.empty())
        end = double(bundle.frames.start_us.back()) + bundle.frames.duration_us.back();
    for (const StackSample& sample : bundle.samples)
        end = std::max(end, sample.time_s * 1e6);
    for (const GcEvent& event : bundle.gc_events)
        end = std::max(end, (event.time_s + event.duration_ms / 1000.0) * 1e6);
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
    double longest_ms = 0;
    for (uint32_t duration : frames.duration_us)
        longest_ms = std::max(longest_ms, duration / 1000.0);
    max_height_ms_ = std::max(longest_ms, 4 * budget_ms); // normal frames stay low

    std::vector<RectInstance> bars;
    bars.reserve(frames.size());
    for (size_t i = 0; i < frames.size(); ++i) {
        double ms = frames.duration_us[i] / 1000.0;
        FrameSeverity severity = frame_severity(ms, budget_ms, bundle.session.stall_ms);
        bars.push_back({float(frames.start_us[i] / total_us_),
                        float((frames.start_us[i] + frames.duration_us[i]) / total_us_),
                        bar_height(ms), severity_colour(severity)});
    }
    levels_.build(std::move(bars));
    bars_.upload(levels_.instances());
    minimap_.upload(levels_.instances());

    std::vector<RectInstance> tracks;
    for (const GcEvent& event : bundle.gc_events)
        tracks.push_back(
            {float(event.time_s * 1e6 / total_us_),
             float((event.time_s + event.duration_ms / 1000.0) * 1e6 / total_us_), 0,
             event.generation == 2 ? IM_COL32(190, 110, 230, 255) : IM_COL32(130, 90, 170, 255)});
    for (const Stall& stall : find_stalls(bundle, 0))
        tracks.push_back({float(stall.start_s * 1e6 / total_us_),
                          float((stall.start_s + stall.duration_s) * 1e6 / total_us_), 1,
                          severity_colour(FrameSeverity::stall)});
    for (const StackSample& sample : bundle.samples) {
        double start_us = (sample.time_s - sample.lag_s) * 1e6;
        tracks.push_back({float(start_us / total_us_), float(sample.time_s * 1e6 / total_us_), 2,
                          IM_COL32(90, 160, 230, 255)});
    }
    tracks_.upload(tracks);
}

uint32_t TimelineView::frame_at(const ReportBundle& bundle, double time_us) const {
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

bool TimelineView::draw(const ReportBundle& bundle, double budget_ms, FrameSelection& selection) {
    if (uploaded_ != &bundle || uploaded_budget_ms_ != budget_ms)
        upload(bundle, budget_ms);
    FrameSelection before = selection;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float width = std::max(ImGui::GetContentRegionAvail().x, 1.f);
    auto texture_id = [](GLuint texture) {
        return reinterpret_cast<ImTextureID>(uintptr_t(texture));
    };

    // Minimap: the whole session, with the view's window. A click centres the view there.
    ImVec2 mini = ImGui::GetCursorScreenPos();
    BarLevels::Range whole = levels_.visible(0, 1, width);
    GLuint mini_texture = minimap_.render(int(width), int(kMinimapHeightPx), {0, 1, 0, 0},
                                          kBackground, whole.first, whole.count);
    ImGui::Image(texture_id(mini_texture), ImVec2(width, kMinimapHeightPx), ImVec2(0, 1),
                 ImVec2(1, 0));
    if (ImGui::IsItemHovered() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        double centre = (ImGui::GetIO().MousePos.x - mini.x) / width;
        double half = (viewport_.end - viewport_.start) / 2;
        viewport_.show(centre - half, centre + half);
    }
    draw->AddRect(
        ImVec2(mini.x + float(viewport_.start) * width, mini.y),
        ImVec2(mini.x + std::max(float(viewport_.end) * width, float(viewport_.start) * width + 2),
               mini.y + kMinimapHeightPx),
        IM_COL32(255, 255, 255, 220));

    // The frames.
    ImVec2 origin = ImGui::GetCursorScreenPos();
    BarLevels::Range shown = levels_.visible(viewport_.start, viewport_.end, width);
    GLuint bars_texture =
        bars_.render(int(width), int(kBarsHeightPx), {viewport_.start, viewport_.end, 0, 0},
                     kBackground, shown.first, shown.count);
    ImGui::Image(texture_id(bars_texture), ImVec2(width, kBarsHeightPx), ImVec2(0, 1),
                 ImVec2(1, 0));
    bool hovered = ImGui::IsItemHovered();
    auto x_of_us = [&](double us) {
        return origin.x +
               float((us / total_us_ - viewport_.start) / (viewport_.end - viewport_.start)) *
                   width;
    };
    auto us_of_x = [&](float x) {
        return (viewport_.start +
                double(x - origin.x) / width * (viewport_.end - viewport_.start)) *
               total_us_;
    };
    // Budget lines, labelled at the left.
    for (double multiple : {1.0, 2.0}) {
        float y = origin.y + kBarsHeightPx * (1 - bar_height(budget_ms * multiple));
        draw->AddLine(ImVec2(origin.x, y), ImVec2(origin.x + width, y),
                      IM_COL32(255, 255, 255, multiple == 1 ? 140 : 70));
        std::string label = (multiple == 1 ? "budget " : "2x ") + format_ms(budget_ms * multiple);
        draw->AddText(ImVec2(origin.x + 4, y - ImGui::GetTextLineHeight()),
                      IM_COL32(230, 230, 230, 200), label.c_str());
    }
    draw->AddText(ImVec2(origin.x + 4, origin.y + 2), IM_COL32(230, 230, 230, 200),
                  format_ms(max_height_ms_).c_str());
    if (selection.active && selection.last < bundle.frames.size()) {
        float left = x_of_us(double(bundle.frames.start_us[selection.first]));
        float right = x_of_us(double(bundle.frames.start_us[selection.last]) +
                              bundle.frames.duration_us[selection.last]);
        right = std::max(right, left + 2);
        draw->AddRectFilled(ImVec2(left, origin.y), ImVec2(right, origin.y + kBarsHeightPx),
                            IM_COL32(120, 170, 255, 60));
        draw->AddRect(ImVec2(left, origin.y), ImVec2(right, origin.y + kBarsHeightPx),
                      IM_COL32(140, 190, 255, 255));
    }

    ImGuiIO& io = ImGui::GetIO();
    if (hovered && bundle.frames.size() > 0) {
        double time_us = us_of_x(io.MousePos.x);
        uint32_t frame = frame_at(bundle, time_us);
        if (io.MouseWheel != 0)
            viewport_.zoom(std::pow(1.25, io.MouseWheel), (io.MousePos.x - origin.x) / width);
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            viewport_ = {};
        } else if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && io.KeyShift) {
            dragging_range_ = true;
            range_anchor_us_ = time_us;
        } else if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            selection = {true, frame, frame};
        }
        uint32_t duration = bundle.frames.duration_us[frame];
        // Samples are written in time order, so by frame: a binary search, not a scan.
        auto [first, last] =
            std::equal_range(bundle.samples.begin(), bundle.samples.end(), frame, SamplesByFrame{});
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
    if (dragging_range_) {
        double time_us = us_of_x(io.MousePos.x);
        uint32_t a = frame_at(bundle, std::min(range_anchor_us_, time_us));
        uint32_t b = frame_at(bundle, std::max(range_anchor_us_, time_us));
        selection = {true, a, b};
        if (!ImGui::IsMouseDown(ImGuiMouseButton_Left))
            dragging_range_ = false;
    } else if (hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        viewport_.pan(-io.MouseDelta.x / width);
    }

    // Tracks beneath, labelled.
    ImVec2 tracks_origin = ImGui::GetCursorScreenPos();
    float tracks_height = kTrackHeightPx * kTracks;
    GLuint tracks_texture =
        tracks_.render(int(width), int(tracks_height),
                       {viewport_.start, viewport_.end, kTrackHeightPx, 0}, kBackground);
    ImGui::Image(texture_id(tracks_texture), ImVec2(width, tracks_height), ImVec2(0, 1),
                 ImVec2(1, 0));
    for (int track = 0; track < kTracks; ++track)
        draw->AddText(ImVec2(tracks_origin.x + 4, tracks_origin.y + kTrackHeightPx * float(track)),
                      IM_COL32(200, 200, 200, 170), kTrackNames[track]);
    // The time axis: the view's start and end.
    ImGui::TextDisabled("%.3f s", viewport_.start * total_us_ / 1e6);
    ImGui::SameLine(std::max(width - 80, 0.f));
    ImGui::TextDisabled("%.3f s", viewport_.end * total_us_ / 1e6);
    return !(selection == before);
}

} // namespace framescope
