// The colours of frames and what happened to them, shared by the timeline and the histogram
// so that a severity reads the same everywhere. ImGui's packed ABGR (IM_COL32).
#pragma once

#include <cstdint>

#include <imgui.h>

#include "model/frame_statistics.h"

namespace framescope {

constexpr ImU32 kWithinBudgetColour = IM_COL32(90, 150, 110, 255);
constexpr ImU32 kOverBudgetColour = IM_COL32(230, 200, 70, 255);
constexpr ImU32 kOverTwiceBudgetColour = IM_COL32(240, 130, 50, 255);
constexpr ImU32 kStallColour = IM_COL32(235, 60, 60, 255);
// Deeper than a stall's red: the frame that never ended.
constexpr ImU32 kHungColour = IM_COL32(200, 20, 40, 255);
constexpr ImU32 kCrashColour = IM_COL32(255, 90, 200, 255);
constexpr ImU32 kGcYoungColour = IM_COL32(130, 90, 170, 255);
constexpr ImU32 kGcFullColour = IM_COL32(190, 110, 230, 255);
constexpr ImU32 kSampleColour = IM_COL32(90, 160, 230, 255);
constexpr ImU32 kPlotBackground = IM_COL32(28, 28, 32, 255);
constexpr ImU32 kBudgetLineColour = IM_COL32(255, 255, 255, 140);
constexpr ImU32 kTwiceBudgetLineColour = IM_COL32(255, 255, 255, 70);
constexpr ImU32 kAxisTextColour = IM_COL32(230, 230, 230, 200);
constexpr ImU32 kAxisTickColour = IM_COL32(200, 200, 200, 120);
constexpr ImU32 kSelectionFill = IM_COL32(120, 170, 255, 60);
constexpr ImU32 kSelectionEdge = IM_COL32(140, 190, 255, 255);
constexpr ImU32 kViewportFrame = IM_COL32(255, 255, 255, 220);

constexpr ImU32 severity_colour(FrameSeverity severity) {
    switch (severity) {
    case FrameSeverity::within_budget:
        return kWithinBudgetColour;
    case FrameSeverity::over_budget:
        return kOverBudgetColour;
    case FrameSeverity::over_twice_budget:
        return kOverTwiceBudgetColour;
    case FrameSeverity::stall:
        return kStallColour;
    }
    return kWithinBudgetColour;
}

} // namespace framescope
