// CallersView: two small tables, callers above and callees below the selected function.

#include "viewer/views/callers_view.h"

#include <algorithm>

#include <imgui.h>

namespace framescope {
namespace {

using Edges = std::vector<std::pair<FunctionId, const CallerEdge*>>;

// One table of edges; returns the function clicked, or kNoFunction.
FunctionId edge_table(const char* id, const LoadedProfile& loaded, bool strip_dirs, Edges edges,
                      float height) {
    const PstatsProfile& p = loaded.profile;
    const FunctionNames& names = loaded.names;
    std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) {
        return a.second->cumulative_s > b.second->cumulative_s;
    });
    FunctionId clicked = kNoFunction;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable(id, 4, flags, ImVec2(0, height)))
        return clicked;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("calls");
    ImGui::TableSetupColumn("own");
    ImGui::TableSetupColumn("total");
    ImGui::TableSetupColumn("function", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const auto& [other, edge] : edges) {
        ImGui::PushID(int(other));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        std::string calls = std::to_string(edge->calls);
        if (edge->calls != edge->prim_calls)
            calls += "/" + std::to_string(edge->prim_calls);
        if (ImGui::Selectable(calls.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
            clicked = other;
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_weight(edge->self_s, loaded.unit).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_weight(edge->cumulative_s, loaded.unit).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(names.label(p, other, strip_dirs).c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", function_label(p, other).c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
    return clicked;
}

} // namespace

void CallersView::draw(ViewerState& state) {
    const PstatsProfile& p = state.loaded->profile;
    ImGui::BeginDisabled(state.back.empty());
    if (ImGui::ArrowButton("back", ImGuiDir_Left))
        state.go_back();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(state.forward.empty());
    if (ImGui::ArrowButton("forward", ImGuiDir_Right))
        state.go_forward();
    ImGui::EndDisabled();
    ImGui::SameLine();
    FunctionId f = state.selected;
    if (f == kNoFunction) {
        ImGui::TextDisabled("Select a function in the table, the tree or the flame graph.");
        return;
    }
    ImGui::TextUnformatted(state.loaded->names.label(p, f, state.strip_dirs).c_str());
    if (f < p.function_count)
        ImGui::TextDisabled("%s   %lld calls, %s own, %s total (%.1f%% of %s)",
                            function_label(p, f).c_str(), static_cast<long long>(p.calls[f]),
                            state.weight(p.self_s[f]).c_str(),
                            state.weight(p.cumulative_s[f]).c_str(),
                            p.total_self_s > 0 ? 100.0 * p.cumulative_s[f] / p.total_self_s : 0,
                            state.weight(p.total_self_s).c_str());

    float half = (ImGui::GetContentRegionAvail().y - 2 * ImGui::GetTextLineHeightWithSpacing()) / 2;
    Edges callers;
    if (f < p.function_count)
        for (size_t i = 0; i < p.caller_count(f); ++i)
            callers.push_back({p.callers_of(f)[i].caller, &p.callers_of(f)[i]});
    ImGui::Text("Called by (%zu)", callers.size());
    FunctionId clicked =
        edge_table("callers", *state.loaded, state.strip_dirs, std::move(callers), half);
    Edges callees;
    for (const CalleeEdgeRef& ref : state.loaded->callees[f])
        callees.push_back({ref.callee, ref.edge});
    ImGui::Text("Calls (%zu)", callees.size());
    FunctionId clicked_callee =
        edge_table("callees", *state.loaded, state.strip_dirs, std::move(callees), half);
    if (clicked_callee != kNoFunction)
        clicked = clicked_callee;
    if (clicked != kNoFunction)
        state.select(clicked);
}

} // namespace framescope
