#include "viewer/views/details_view.h"

#include <algorithm>

#include <imgui.h>
#include <imgui_stdlib.h>

namespace framescope {
namespace {

constexpr size_t kEdgesShown = 8;

} // namespace

void DetailsView::select(const ViewerState& state) {
    shown_ = state.loaded.get();
    shown_function_ = state.selected;
    const PstatsProfile& p = state.loaded->profile;
    FunctionId f = state.selected;
    callers_.clear();
    callees_.clear();
    if (f == kNoFunction)
        return;
    if (f < p.function_count)
        for (size_t i = 0; i < p.caller_count(f); ++i)
            callers_.push_back({p.callers_of(f)[i].caller, p.callers_of(f)[i].cumulative_s});
    for (const CalleeEdgeRef& ref : state.loaded->callees[f])
        callees_.push_back({ref.callee, ref.edge->cumulative_s});
    auto heaviest_first = [](const auto& a, const auto& b) { return a.second > b.second; };
    std::sort(callers_.begin(), callers_.end(), heaviest_first);
    std::sort(callees_.begin(), callees_.end(), heaviest_first);
    source_.show(std::string(p.file(f)), uint32_t(std::max<int64_t>(0, p.line(f))));
}

void DetailsView::draw_edges(ViewerState& state, const char* title,
                             const std::vector<std::pair<FunctionId, double>>& edges) {
    ImGui::Text("%s (%zu)", title, edges.size());
    ImGui::Indent();
    for (size_t i = 0; i < edges.size() && i < kEdgesShown; ++i) {
        auto [other, total_s] = edges[i];
        std::string label =
            state.weight(total_s) + "   " +
            state.loaded->names.label(state.loaded->profile, other, state.strip_dirs);
        ImGui::PushID(int(i));
        if (ImGui::Selectable(label.c_str()))
            state.select(other);
        ImGui::PopID();
    }
    if (edges.size() > kEdgesShown)
        ImGui::TextDisabled("%zu more: Callers / callees lists them all",
                            edges.size() - kEdgesShown);
    ImGui::Unindent();
}

void DetailsView::draw(ViewerState& state) {
    if (shown_ != state.loaded.get() || shown_function_ != state.selected)
        select(state);
    FunctionId f = state.selected;
    const PstatsProfile& p = state.loaded->profile;
    if (f == kNoFunction || f >= p.function_count) {
        ImGui::TextDisabled("Select a function in the table, the tree or the flame graph.");
        return;
    }
    ImGui::TextUnformatted(std::string(p.name(f)).c_str());
    ImGui::TextDisabled("%s", function_label(p, f).c_str());
    double total = state.total_s() > 0 ? state.total_s() : 1;
    ImGui::Text("own %s (%.1f%%)   total %s (%.1f%%)   %lld calls",
                state.weight(p.self_s[f]).c_str(), 100 * p.self_s[f] / total,
                state.weight(state.cumulative_s(f)).c_str(), 100 * state.cumulative_s(f) / total,
                static_cast<long long>(p.calls[f]));
    if (p.calls[f] != p.prim_calls[f])
        ImGui::SameLine(), ImGui::Text("(%lld primitive)", static_cast<long long>(p.prim_calls[f]));
    ImGui::Separator();
    draw_edges(state, "Called by", callers_);
    draw_edges(state, "Calls", callees_);
    ImGui::Separator();
    source_.draw();
}

} // namespace framescope
