// What the store overview's tables share: the colours of crashed and hung, and how a list
// table and its rows behave.
#pragma once

#include <imgui.h>

namespace framescope {

inline const ImVec4 kCrashedColour(1.0f, 0.45f, 0.4f, 1);
inline const ImVec4 kHungColour(1.0f, 0.7f, 0.3f, 1);

inline constexpr ImGuiTableFlags kListFlags =
    ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
    ImGuiTableFlags_ScrollY | ImGuiTableFlags_Sortable | ImGuiTableFlags_SizingFixedFit;
inline constexpr ImGuiSelectableFlags kRowFlags =
    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick;

} // namespace framescope
