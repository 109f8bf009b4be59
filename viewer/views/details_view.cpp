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
    shown_mappings_ = mappings_.size();
    const PstatsProfile& p = state.loaded->profile;
    FunctionId f = state.selected;
    callers_.clear();
    callees_.clear();
    source_.reset();
    reading_.reset();
    if (f == kNoFunction)
        return;
    if (f < p.function_count)
        for (size_t i = 0; i < p.caller_count(f); ++i)
            callers_.push_back({p.callers_of(f)[i].caller, p.callers_of(f)[i].cumulative_s});
    for (FunctionId callee = 0; callee < p.function_count; ++callee)
        for (size_t i = 0; i < p.caller_count(callee); ++i)
            if (p.callers_of(callee)[i].caller == f)
                callees_.push_back({callee, p.callers_of(callee)[i].cumulative_s});
    auto heaviest_first = [](const auto& a, const auto& b) { return a.second > b.second; };
    std::sort(callers_.begin(), callers_.end(), heaviest_first);
    std::sort(callees_.begin(), callees_.end(), heaviest_first);
    std::string file(p.file(f));
    uint32_t line = uint32_t(std::max<int64_t>(0, p.line(f)));
    reading_ = std::make_unique<BackgroundJob<SourceExcerpt>>(
        [file, line, mappings = mappings_](LoadProgress&) {
            return read_source(file, line, mappings);
        });
}

void DetailsView::draw_edges(ViewerState& state, const char* title,
                             const std::vector<std::pair<FunctionId, double>>& edges) {
    ImGui::Text("%s (%zu)", title, edges.size());
    ImGui::Indent();
    for (size_t i = 0; i < edges.size() && i < kEdgesShown; ++i) {
        auto [other, total_s] = edges[i];
        std::string label = format_duration(total_s) + "   " +
                            state.loaded->names.label(state.loaded->profile, other,
                                                      state.strip_dirs);
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

void DetailsView::draw_source() {
    if (reading_)
        if (auto result = reading_->take_result()) {
            source_ = std::move(*result);
            reading_.reset();
        }
    if (!source_) {
        ImGui::TextDisabled("reading the source...");
        return;
    }
    if (!*source_) {
        ImGui::TextDisabled("%s", source_->error().to_string().c_str());
    } else {
        const SourceExcerpt& excerpt = source_->value();
        ImGui::TextDisabled("%s", excerpt.path.c_str());
        ImGui::BeginChild("source", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2), true,
                          ImGuiWindowFlags_HorizontalScrollbar);
        for (size_t i = 0; i < excerpt.lines.size(); ++i) {
            uint32_t number = excerpt.first_line + uint32_t(i);
            bool marked = number == excerpt.marked_line;
            ImGui::TextDisabled("%5u", number);
            ImGui::SameLine();
            if (marked)
                ImGui::TextColored(ImVec4(1.0f, 0.78f, 0.35f, 1), "%s", excerpt.lines[i].c_str());
            else
                ImGui::TextUnformatted(excerpt.lines[i].c_str());
        }
        if (excerpt.cut)
            ImGui::TextDisabled("... (the function goes on)");
        ImGui::EndChild();
    }
    // Files recorded on another machine: map their folder to where the code is here.
    ImGui::SetNextItemWidth(220);
    ImGui::InputTextWithHint("##recorded", "recorded folder", &recorded_prefix_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(220);
    ImGui::InputTextWithHint("##local", "folder on this machine", &local_prefix_);
    ImGui::SameLine();
    if (ImGui::Button("Map") && !recorded_prefix_.empty())
        mappings_.push_back({recorded_prefix_, local_prefix_});
}

void DetailsView::draw(ViewerState& state) {
    if (shown_ != state.loaded.get() || shown_function_ != state.selected ||
        shown_mappings_ != mappings_.size())
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
    ImGui::Text("own %s (%.1f%%)   total %s (%.1f%%)   %lld calls", format_duration(p.self_s[f]).c_str(),
                100 * p.self_s[f] / total, format_duration(state.cumulative_s(f)).c_str(),
                100 * state.cumulative_s(f) / total, static_cast<long long>(p.calls[f]));
    if (p.calls[f] != p.prim_calls[f])
        ImGui::SameLine(), ImGui::Text("(%lld primitive)", static_cast<long long>(p.prim_calls[f]));
    ImGui::Separator();
    draw_edges(state, "Called by", callers_);
    draw_edges(state, "Calls", callees_);
    ImGui::Separator();
    draw_source();
}

} // namespace framescope
