#include "viewer/views/crash_chart.h"

#include <algorithm>
#include <ctime>
#include <vector>

#include <imgui.h>

namespace framescope {
namespace {

constexpr ImU32 kBarColour = IM_COL32(86, 156, 214, 255);
constexpr ImU32 kAxisColour = IM_COL32(140, 140, 150, 255);
constexpr ImU32 kGridColour = IM_COL32(70, 70, 80, 255);
constexpr ImU32 kLabelColour = IM_COL32(200, 200, 205, 255);
constexpr ImU32 kCountColour = IM_COL32(235, 235, 240, 255);
constexpr float kAxisWidthPx = 28; // room for the counts on the axis
constexpr float kBarGapPx = 2;

std::string time_label(double unix_seconds, bool hourly) {
    std::time_t t = std::time_t(unix_seconds);
    char text[32];
    std::strftime(text, sizeof text, hourly ? "%m-%d %Hh" : "%Y-%m-%d", std::gmtime(&t));
    return text;
}

} // namespace

void draw_bar_chart(const char* title, std::span<const ChartBar> bars, float width_px,
                    float height_px) {
    ImGui::BeginGroup();
    ImGui::TextUnformatted(title);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float line_px = ImGui::GetTextLineHeight();
    ImGui::Dummy(ImVec2(width_px, height_px));
    if (bars.empty()) {
        draw->AddText(ImVec2(origin.x + kAxisWidthPx, origin.y + height_px / 2 - line_px),
                      kLabelColour, "no reports with this");
        ImGui::EndGroup();
        return;
    }
    size_t most = 1;
    for (const ChartBar& bar : bars)
        most = std::max(most, bar.count);
    // Plot area: the axis on the left, counts above the bars, labels below.
    float left = origin.x + kAxisWidthPx, right = origin.x + width_px;
    float top = origin.y + line_px, bottom = origin.y + height_px - line_px - 2;
    draw->AddLine(ImVec2(left, top), ImVec2(left, bottom), kAxisColour);
    draw->AddLine(ImVec2(left, bottom), ImVec2(right, bottom), kAxisColour);
    std::vector<size_t> ticks{0, most};
    if (most >= 4)
        ticks.push_back(most / 2);
    for (size_t tick : ticks) {
        float y = bottom - (bottom - top) * float(tick) / float(most);
        if (tick > 0)
            draw->AddLine(ImVec2(left + 1, y), ImVec2(right, y), kGridColour);
        std::string text = std::to_string(tick);
        draw->AddText(ImVec2(left - 4 - ImGui::CalcTextSize(text.c_str()).x, y - line_px / 2),
                      kLabelColour, text.c_str());
    }
    float slot = (right - left - kBarGapPx) / float(bars.size());
    float widest = 0;
    for (const ChartBar& bar : bars)
        widest = std::max(widest, ImGui::CalcTextSize(bar.label.c_str()).x);
    // Every n-th label, so that labels never overlap.
    size_t every = std::max<size_t>(1, size_t((widest + 6) / std::max(slot, 1.f)) + 1);
    for (size_t i = 0; i < bars.size(); ++i) {
        float x0 = left + kBarGapPx + slot * float(i), x1 = x0 + std::max(slot - kBarGapPx, 1.f);
        float y = bottom - (bottom - top) * float(bars[i].count) / float(most);
        if (bars[i].count > 0)
            draw->AddRectFilled(ImVec2(x0, y), ImVec2(x1, bottom), kBarColour);
        std::string count = std::to_string(bars[i].count);
        ImVec2 count_size = ImGui::CalcTextSize(count.c_str());
        if (bars[i].count > 0 && count_size.x <= slot)
            draw->AddText(ImVec2((x0 + x1 - count_size.x) / 2, y - line_px), kCountColour,
                          count.c_str());
        if (i % every == 0) {
            float label_px = ImGui::CalcTextSize(bars[i].label.c_str()).x;
            float x = std::clamp((x0 + x1 - label_px) / 2, left, right - label_px);
            draw->AddText(ImVec2(x, bottom + 2), kLabelColour, bars[i].label.c_str());
        }
    }
    ImGui::EndGroup();
}

void draw_crash_charts(const BucketDetail& detail) {
    std::vector<ChartBar> versions, times;
    for (const TagValue& version : detail.per_version)
        versions.push_back({version.value, version.count});
    const ReportsOverTime& over = detail.over_time;
    for (size_t i = 0; i < over.counts.size(); ++i)
        times.push_back({time_label(over.start_unix + over.bin_s * double(i), over.bin_s < 86400),
                         over.counts[i]});
    float width = ImGui::GetContentRegionAvail().x;
    float versions_px = std::clamp(width * 0.3f, 160.f, 320.f);
    draw_bar_chart("reports per version", versions, versions_px, 110);
    ImGui::SameLine(0, 16);
    std::string title = over.bin_s == 0      ? std::string("reports over time")
                        : over.bin_s < 86400 ? std::string("reports per hour (UTC)")
                                             : std::string("reports per day (UTC)");
    if (over.undated > 0)
        title += ", " + std::to_string(over.undated) + " of unknown time left out";
    draw_bar_chart(title.c_str(), times, std::max(ImGui::GetContentRegionAvail().x, 160.f), 110);
}

} // namespace framescope
