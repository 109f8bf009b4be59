// FunctionTableView: ImGui's table with sort specs, as in its "Tables/Sorting" demo.

#include "viewer/views/function_table_view.h"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "model/code_origin.h"
#include "model/frame_function.h"

namespace framescope {
namespace {

// The name first and where it is beside it, then pstats' numbers, each time with its share.
enum Column {
    kName,
    kPlace,
    kCalls,
    kSelf,
    kSelfShare,
    kSelfPerCall,
    kCumulative,
    kCumulativeShare,
    kCumulativePerCall,
    kPerFrame,    // total / frames, in ms, with a per-frame function
    kBudgetShare, // that against the frame budget
    kColumns
};

// The column's value as the view shows it: with idle hidden, totals leave the waiting out.
double column_value(const ViewerState& state, FunctionId f, int column) {
    const PstatsProfile& p = state.loaded->profile;
    double total = state.total_s() > 0 ? state.total_s() : 1;
    switch (column) {
    case kCalls:
        return double(p.calls[f]);
    case kSelf:
        return p.self_s[f];
    case kSelfShare:
        return 100 * p.self_s[f] / total;
    case kSelfPerCall:
        return p.calls[f] ? p.self_s[f] / double(p.calls[f]) : 0;
    case kCumulative:
        return state.cumulative_s(f);
    case kCumulativeShare:
        return 100 * state.cumulative_s(f) / total;
    case kCumulativePerCall:
        return p.prim_calls[f] ? state.cumulative_s(f) / double(p.prim_calls[f]) : 0;
    case kPerFrame:
    case kBudgetShare: {
        double ms = state.frame_function
                        ? ms_per_frame(state.cumulative_s(f), frames_of(p, *state.frame_function))
                        : 0;
        return column == kPerFrame ? ms : 100 * ms / std::max(0.001, double(state.budget_ms));
    }
    default:
        return 0;
    }
}

} // namespace

void FunctionTableView::rebuild(const ViewerState& state) {
    const PstatsProfile& p = state.loaded->profile;
    rows_.clear();
    const FunctionSearch* search = state.found.get();
    filtered_by_ = search;
    for (FunctionId f = 0; f < p.function_count; ++f) {
        if (hide_library_ && is_library(p.file(f)))
            continue;
        if (state.idle_hidden() && state.loaded->busy->waiting[f])
            continue;
        if (search && !search->match(f))
            continue;
        rows_.push_back(f);
    }
    int column = sort_column_, direction = sort_direction_;
    const FunctionNames& names = state.loaded->names;
    std::stable_sort(rows_.begin(), rows_.end(), [&](FunctionId a, FunctionId b) {
        if (column == kName)
            return (p.name(a) < p.name(b)) == (direction > 0);
        if (column == kPlace)
            return (names.place(a, state.strip_dirs) < names.place(b, state.strip_dirs)) ==
                   (direction > 0);
        double va = column_value(state, a, column), vb = column_value(state, b, column);
        return direction > 0 ? va < vb : va > vb;
    });
    rows_dirty_ = false;
}

// "per frame: update (240 frames), budget [16.7] ms": the selection can become the frame
// function, and the frames can be turned off.
void FunctionTableView::draw_frame_controls(ViewerState& state) {
    const PstatsProfile& p = state.loaded->profile;
    ImGui::TextDisabled("per frame:");
    ImGui::SameLine();
    if (state.frame_function) {
        FunctionId f = *state.frame_function;
        ImGui::Text("%s (%.0f frames)", std::string(p.name(f)).c_str(), frames_of(p, f));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(70);
        ImGui::InputFloat("ms budget", &state.budget_ms, 0, 0, "%.1f");
        ImGui::SameLine();
        if (ImGui::SmallButton("off")) {
            state.frame_function.reset();
            rows_dirty_ = true;
        }
    } else {
        ImGui::TextDisabled("none");
    }
    if (state.selected < p.function_count && state.selected != state.frame_function &&
        p.prim_calls[state.selected] > 0) {
        ImGui::SameLine();
        if (ImGui::SmallButton("the selection")) {
            state.frame_function = state.selected;
            rows_dirty_ = true;
        }
    }
}

// Right-click on a row: the function becomes the per-frame function; in a trace, whose
// calls are all known, the trace opens as a session of its calls.
void FunctionTableView::draw_row_menu(ViewerState& state, FunctionId f) {
    if (!ImGui::BeginPopupContextItem("row menu"))
        return;
    const PstatsProfile& p = state.loaded->profile;
    if (state.has_timed_calls()) {
        if (ImGui::MenuItem("Use as frame function", nullptr, false, p.calls[f] > 0))
            state.trace_frame_function = std::string(p.name(f));
        ImGui::TextDisabled("opens the trace as frames: one per call");
    } else if (ImGui::MenuItem("Use as frame function", nullptr, state.frame_function == f,
                               p.prim_calls[f] > 0)) {
        state.frame_function = f;
        rows_dirty_ = true;
    }
    ImGui::EndPopup();
}

void FunctionTableView::draw(ViewerState& state) {
    const PstatsProfile& p = state.loaded->profile;
    if (shown_ != state.loaded.get() || filtered_by_ != state.found.get()) {
        shown_ = state.loaded.get();
        rows_dirty_ = true;
    }
    rows_dirty_ |= ImGui::Checkbox("hide library", &hide_library_);
    // Waiting worth leaving out: a few microseconds of a sleep in a long run are not.
    if (const std::optional<BusyProfile>& busy = state.loaded->busy; busy && busy->share >= 0.005) {
        ImGui::SameLine();
        char label[64];
        std::snprintf(label, sizeof label, "hide idle (%.0f%% waiting)", 100 * busy->share);
        rows_dirty_ |= ImGui::Checkbox(label, &state.hide_idle);
    }
    ImGui::SameLine();
    rows_dirty_ |= ImGui::Checkbox("strip dirs", &state.strip_dirs);
    draw_frame_controls(state);

    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_Hideable;
    ImVec2 size(0, ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing());
    // Per frame, two more columns: a table of its own, so that each keeps its widths.
    bool per_frame = state.frame_function.has_value();
    int columns = per_frame ? kColumns : kPerFrame;
    if (ImGui::BeginTable(per_frame ? "functions per frame" : "functions", columns, flags, size)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        const ImGuiTableColumnFlags larger_first = ImGuiTableColumnFlags_PreferSortDescending;
        // The name gets the room; per-call times are a right-click on the header away.
        const ImGuiTableColumnFlags hidden = ImGuiTableColumnFlags_DefaultHide;
        ImGui::TableSetupColumn("function", ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn("where", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        // Recorded paths know how many stacks a function was on, not how often it was called.
        ImGui::TableSetupColumn(state.loaded->exact_paths ? "stacks" : "calls", larger_first);
        ImGui::TableSetupColumn("own", larger_first);
        // Per frame, the budget's share stands for the shares: they are a right-click away.
        const ImGuiTableColumnFlags share = per_frame ? hidden : 0;
        ImGui::TableSetupColumn("own %", larger_first | share);
        ImGui::TableSetupColumn("own/call", larger_first | hidden);
        ImGui::TableSetupColumn("total", larger_first | ImGuiTableColumnFlags_DefaultSort);
        ImGui::TableSetupColumn("total %", larger_first | share);
        ImGui::TableSetupColumn("total/call", larger_first | hidden);
        if (per_frame) {
            ImGui::TableSetupColumn("ms/frame", larger_first);
            ImGui::TableSetupColumn("% budget", larger_first);
        }
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
            if (specs->SpecsCount > 0) {
                sort_column_ = specs->Specs[0].ColumnIndex;
                sort_direction_ =
                    specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending ? 1 : -1;
            }
            specs->SpecsDirty = false;
            rows_dirty_ = true;
        }
        if (rows_dirty_)
            rebuild(state);

        // Arrow keys move the selection through the rows as they are sorted.
        auto at = std::find(rows_.begin(), rows_.end(), state.selected);
        if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && !rows_.empty()) {
            long index = at == rows_.end() ? -1 : long(at - rows_.begin());
            long moved = index +
                         (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)) ? 1 : 0) -
                         (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow)) ? 1 : 0);
            if (moved != index && moved >= 0 && moved < long(rows_.size())) {
                state.select(rows_[size_t(moved)]);
                scroll_to_selection_ = true;
            }
        }

        ImGuiListClipper clipper;
        clipper.Begin(int(rows_.size()));
        if (scroll_to_selection_) { // keep the row that the keys moved to in the clipped range
            at = std::find(rows_.begin(), rows_.end(), state.selected);
            if (at != rows_.end())
                clipper.ForceDisplayRangeByIndices(int(at - rows_.begin()),
                                                   int(at - rows_.begin()) + 1);
        }
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                FunctionId f = rows_[size_t(row)];
                ImGui::PushID(int(f));
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                bool selected = f == state.selected;
                std::string name(p.name(f));
                if (ImGui::Selectable(name.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns))
                    state.select(f);
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s", function_label(p, f).c_str());
                draw_row_menu(state, f);
                if (selected && scroll_to_selection_) {
                    ImGui::SetScrollHereY();
                    scroll_to_selection_ = false;
                }
                ImGui::TableNextColumn();
                std::string_view place = state.loaded->names.place(f, state.strip_dirs);
                ImGui::TextDisabled("%.*s", int(place.size()), place.data());
                ImGui::TableNextColumn();
                if (p.calls[f] == p.prim_calls[f])
                    ImGui::Text("%lld", static_cast<long long>(p.calls[f]));
                else
                    ImGui::Text("%lld/%lld", static_cast<long long>(p.calls[f]),
                                static_cast<long long>(p.prim_calls[f]));
                for (int column = kSelf; column < columns; ++column) {
                    ImGui::TableNextColumn();
                    double value = column_value(state, f, column);
                    if (column == kSelfShare || column == kCumulativeShare ||
                        column == kBudgetShare)
                        ImGui::Text("%5.1f%%", value);
                    else if (column == kPerFrame)
                        ImGui::Text("%.3f", value);
                    else
                        ImGui::TextUnformatted(state.weight(value).c_str());
                }
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    std::string calls = state.loaded->exact_paths
                            ? std::to_string(state.loaded->tree.nodes().size()) + " paths"
                            : std::to_string(p.total_calls) + " calls (" +
                                  std::to_string(p.total_prim_calls) + " primitive)";
    ImGui::Text("%zu of %zu functions   %s   %s in total   %s, %s", rows_.size(), p.function_count,
                calls.c_str(), state.weight(state.total_s()).c_str(),
                profile_format_name(state.loaded->format), state.loaded->unit.c_str());
}

} // namespace framescope
