#include "viewer/views/frame_histogram_view.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <imgui.h>

namespace framescope {
namespace {

constexpr int kBinsPerOctave = 4;
constexpr double kFirstBinMs = 1.0;
constexpr float kHeightPx = 110.f;

int bin_of(double ms) {
    return ms <= kFirstBinMs ? 0 : int(std::log2(ms / kFirstBinMs) * kBinsPerOctave) + 1;
}
double bin_start_ms(int bin) {
    return bin == 0 ? 0 : kFirstBinMs * std::exp2(double(bin - 1) / kBinsPerOctave);
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
    float width = std::max(ImGui::GetContentRegionAvail().x, 50.f);
    float bin_px = width / float(bins);
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + kHeightPx),
                        IM_COL32(32, 28, 28, 255));
    for (int bin = 0; bin < bins; ++bin) {
        if (!counts[size_t(bin)])
            continue;
        float height =
            kHeightPx * float(std::log1p(double(counts[size_t(bin)])) / std::log1p(double(most)));
        // A bin shows a severity only when all of it has it: its lower edge's.
        FrameSeverity severity = frame_severity(bin_start_ms(bin), budget_ms, stall_ms);
        ImU32 colour = severity == FrameSeverity::within_budget       ? IM_COL32(90, 150, 110, 255)
                       : severity == FrameSeverity::over_budget       ? IM_COL32(230, 200, 70, 255)
                       : severity == FrameSeverity::over_twice_budget ? IM_COL32(240, 130, 50, 255)
                                                                      : IM_COL32(235, 60, 60, 255);
        float x = origin.x + float(bin) * bin_px;
        draw->AddRectFilled(ImVec2(x, origin.y + kHeightPx - height),
                            ImVec2(x + std::max(bin_px - 1, 1.f), origin.y + kHeightPx), colour);
        if (ImGui::IsMouseHoveringRect(ImVec2(x, origin.y),
                                       ImVec2(x + bin_px, origin.y + kHeightPx)))
            ImGui::SetTooltip("%.1f - %.1f ms: %zu frames", bin_start_ms(bin),
                              bin_start_ms(bin + 1), counts[size_t(bin)]);
    }
    float budget_x =
        origin.x + (float(std::log2(budget_ms / kFirstBinMs)) * kBinsPerOctave + 1) * bin_px;
    draw->AddLine(ImVec2(budget_x, origin.y), ImVec2(budget_x, origin.y + kHeightPx),
                  IM_COL32(255, 255, 255, 160));
    draw->AddText(ImVec2(budget_x + 3, origin.y + 2), IM_COL32(230, 230, 230, 200), "budget");
    ImGui::Dummy(ImVec2(width, kHeightPx));
    ImGui::TextDisabled("frame time, log scale: 1 ms .. %.0f ms", bin_start_ms(bins));
}

} // namespace framescope
