// CallersView: two small tables, callers above and callees below the selected function.

#include "viewer/views/callers_view.h"

#include <algorithm>

#include <imgui.h>

namespace framescope {
namespace {

using Edges = std::vector<std::pair<FunctionId, const CallerEdge*>>;

// One table of edges; returns the function clicked, or kNoFunction.
FunctionId edge_table(const char* id, const PstatsProfile& p, Edges edges, float height) {
    std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) {
        return a.second->cumulative_s > b.second->cumulative_s;
    });
    FunctionId clicked = kNoFunction;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable(id, 4, flags, ImVec2(0, height)))
        return clicked;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("ncalls");
    ImGui::TableSetupColumn("tottime");
    ImGui::TableSetupColumn("cumtime");
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
        ImGui::Text("%8.3f", edge->self_s);
        ImGui::TableNextColumn();
        ImGui::Text("%8.3f", edge->cumulative_s);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(function_label(p, other).c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
    return clicked;
}

} // namespace

void CallersView::draw(ViewerState& state) {
    const PstatsProfile& p = state.loaded->profile;
    if (indexed_ != state.loaded.get()) {
        indexed_ = state.loaded.get();
        callees_.assign(p.keys.size(), {});
        for (FunctionId f = 0; f < p.function_count; ++f)
            for (size_t i = 0; i < p.caller_count(f); ++i)
                callees_[p.callers_of(f)[i].caller].push_back({f, &p.callers_of(f)[i]});
    }
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
    ImGui::TextUnformatted(function_label(p, f).c_str());
    if (f < p.function_count)
        ImGui::TextDisabled("%lld calls, %.3f s own time, %.3f s cumulative (%.1f%% of %.3f s)",
                            static_cast<long long>(p.calls[f]), p.self_s[f], p.cumulative_s[f],
                            p.total_self_s > 0 ? 100.0 * p.cumulative_s[f] / p.total_self_s : 0,
                            p.total_self_s);

    float half = (ImGui::GetContentRegionAvail().y - 2 * ImGui::GetTextLineHeightWithSpacing()) / 2;
    Edges callers;
    if (f < p.function_count)
        for (size_t i = 0; i < p.caller_count(f); ++i)
            callers.push_back({p.callers_of(f)[i].caller, &p.callers_of(f)[i]});
    ImGui::Text("Called by (%zu)", callers.size());
    FunctionId clicked = edge_table("callers", p, std::move(callers), half);
    ImGui::Text("Calls (%zu)", callees_[f].size());
    FunctionId clicked_callee = edge_table("callees", p, callees_[f], half);
    if (clicked_callee != kNoFunction)
        clicked = clicked_callee;
    if (clicked != kNoFunction)
        state.select(clicked);
}

} // namespace framescope
