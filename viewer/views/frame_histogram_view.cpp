#include "viewer/views/frame_histogram_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "viewer/views/frame_colours.h"
#include "viewer/views/label_placement.h"

namespace framescope {
namespace {

constexpr int kBinsPerOctave = 4;
constexpr double kFirstBinMs = 1.0;
constexpr float kHeightPx = 110.f;
constexpr float kCountAxisPx = 48.f; // the count labels, left of the bins
constexpr float kTickPx = 4.f;
// Frame times the x axis may name, in ms: those that fit without touching are.
constexpr double kTimeTicksMs[] = {1,   2,    5,    10,   20,    50,    100,   200,
                                   500, 1000, 2000, 5000, 10000, 20000, 60000, 120000};

int bin_of(double ms) {
    return ms <= kFirstBinMs ? 0 : int(std::log2(ms / kFirstBinMs) * kBinsPerOctave) + 1;
}
double bin_start_ms(int bin) {
    return bin == 0 ? 0 : kFirstBinMs * std::exp2(double(bin - 1) / kBinsPerOctave);
}
// Where a frame time falls on the x axis, in bins from the left (bin 0 holds all up to 1 ms).
float bin_position(double ms) {
    return ms <= kFirstBinMs ? 1.f : float(std::log2(ms / kFirstBinMs)) * kBinsPerOctave + 1;
}

std::string time_label(double ms) {
    char text[32];
    if (ms >= 1000)
        std::snprintf(text, sizeof text, "%g s", ms / 1000);
    else
        std::snprintf(text, sizeof text, "%g ms", ms);
    return text;
}

} // namespace

void FrameHistogramView::count(std::span<const uint32_t> durations_us, double budget_ms,
                               double stall_ms) {
    counted_data_ = durations_us.data();
    counted_size_ = durations_us.size();
    counted_budget_ms_ = budget_ms;
    counted_stall_ms_ = stall_ms;
    stats_ = frame_statistics(durations_us, budget_ms, stall_ms);
    counts_.assign(size_t(bin_of(stats_.max_ms) + 1), 0);
    for (uint32_t duration : durations_us)
        ++counts_[size_t(bin_of(duration / 1000.0))];
}

void FrameHistogramView::draw(std::span<const uint32_t> durations_us, double budget_ms,
                              double stall_ms, const char* what) {
    if (durations_us.data() != counted_data_ || durations_us.size() != counted_size_ ||
        budget_ms != counted_budget_ms_ || stall_ms != counted_stall_ms_)
        count(durations_us, budget_ms, stall_ms);
    const FrameStatistics& stats = stats_;
    ImGui::Text("%s: %zu frames, p50 %.1f ms, p90 %.1f, p99 %.1f, max %.1f", what, stats.frames,
                stats.p50_ms, stats.p90_ms, stats.p99_ms, stats.max_ms);
    ImGui::Text("over budget %zu (%.1f%%), over twice %zu, stalls %zu", stats.over_budget,
                stats.frames ? 100.0 * double(stats.over_budget) / double(stats.frames) : 0.0,
                stats.over_twice_budget, stats.stalls);
    if (durations_us.empty())
        return;
    const std::vector<size_t>& counts = counts_;
    int bins = int(counts.size());
    size_t most = *std::max_element(counts.begin(), counts.end());

    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    origin.x += kCountAxisPx;
    float width = std::max(ImGui::GetContentRegionAvail().x - kCountAxisPx, 50.f);
    float bin_px = width / float(bins);
    float line_height = ImGui::GetTextLineHeight();
    auto height_of = [&](size_t count) {
        return kHeightPx * float(std::log1p(double(count)) / std::log1p(double(most)));
    };
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + kHeightPx), kPlotBackground);
    for (int bin = 0; bin < bins; ++bin) {
        if (!counts[size_t(bin)])
            continue;
        float height = height_of(counts[size_t(bin)]);
        // A bin shows a severity only when all of it has it: its lower edge's.
        ImU32 colour = severity_colour(frame_severity(bin_start_ms(bin), budget_ms, stall_ms));
        float x = origin.x + float(bin) * bin_px;
        draw->AddRectFilled(ImVec2(x, origin.y + kHeightPx - height),
                            ImVec2(x + std::max(bin_px - 1, 1.f), origin.y + kHeightPx), colour);
        if (ImGui::IsMouseHoveringRect(ImVec2(x, origin.y),
                                       ImVec2(x + bin_px, origin.y + kHeightPx)))
            ImGui::SetTooltip("%.1f - %.1f ms: %zu frames", bin_start_ms(bin),
                              bin_start_ms(bin + 1), counts[size_t(bin)]);
    }

    // The count axis: the most frames in a bin, then powers of ten below it.
    LabelPlacement count_labels(1);
    auto count_tick = [&](size_t count) {
        float y = origin.y + kHeightPx - height_of(count);
        std::string text = std::to_string(count);
        float top = std::clamp(y - line_height / 2, origin.y, origin.y + kHeightPx - line_height);
        if (!count_labels.claim(top, top + line_height))
            return;
        draw->AddLine(ImVec2(origin.x - kTickPx, y), ImVec2(origin.x, y), kAxisTickColour);
        float text_width = ImGui::CalcTextSize(text.c_str()).x;
        draw->AddText(ImVec2(origin.x - kTickPx - 2 - text_width, top), kAxisTextColour,
                      text.c_str());
    };
    count_tick(most);
    for (size_t count = 1; count < most; count *= 10)
        count_tick(count);

    // The time axis: the budget first, then round frame times where they fit beside it.
    float axis_y = origin.y + kHeightPx;
    LabelPlacement time_labels(6);
    auto time_tick = [&](double ms, const std::string& text, ImU32 colour) {
        float x = origin.x + bin_position(ms) * bin_px;
        if (x < origin.x || x > origin.x + width)
            return;
        float text_width = ImGui::CalcTextSize(text.c_str()).x;
        float text_x = std::clamp(x - text_width / 2, origin.x - kCountAxisPx / 2,
                                  origin.x + width - text_width);
        if (!time_labels.claim(text_x, text_x + text_width))
            return;
        draw->AddLine(ImVec2(x, axis_y), ImVec2(x, axis_y + kTickPx), colour);
        draw->AddText(ImVec2(text_x, axis_y + kTickPx), colour, text.c_str());
    };
    float budget_x = origin.x + bin_position(budget_ms) * bin_px;
    draw->AddLine(ImVec2(budget_x, origin.y), ImVec2(budget_x, axis_y), kBudgetLineColour);
    time_tick(budget_ms, "budget " + time_label(std::round(budget_ms * 10) / 10),
              kBudgetLineColour);
    for (double ms : kTimeTicksMs)
        if (ms <= bin_start_ms(bins))
            time_tick(ms, time_label(ms), kAxisTextColour);
    ImGui::Dummy(ImVec2(kCountAxisPx + width, kHeightPx + kTickPx + line_height));
    ImGui::TextDisabled("frame time (log scale) against frames per bin (log scale)");
}

} // namespace framescope
