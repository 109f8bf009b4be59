#include "viewer/diff_workspace.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "model/diff_format.h"

namespace framescope {
namespace {

// The function first, then the changes and both sides' totals (what a comparison is read
// for, in view without scrolling); own times, calls and the match rule a right-click away.
enum Column {
    kFunction,
    kDeltaOwn,
    kDeltaCum,
    kChange,
    kACum,
    kBCum,
    kAOwn,
    kBOwn,
    kACalls,
    kBCalls,
    kMatch,
    kColumns
};

// "+12.3 ms", "-850 µs": a change in the unit that fits.
std::string signed_duration(double seconds) {
    return (seconds > 0 ? "+" : "") + format_duration(seconds);
}

// Grey for no change, to red (slower) or blue (faster) as the change grows; magenta: new.
uint32_t change_colour(const DiffRow& row) {
    if (row.match == MatchRule::only_b)
        return IM_COL32(205, 70, 205, 255);
    double larger = std::max(row.in_a.cumtime, row.in_b.cumtime);
    double change = larger > 0 ? row.delta_cumtime / larger : 0;
    float t = float(std::sqrt(std::min(1.0, std::fabs(change))));
    auto mix = [&](int from, int to) { return int(float(from) + (float(to) - float(from)) * t); };
    return change >= 0 ? IM_COL32(mix(150, 235), mix(150, 55), mix(150, 45), 255)
                       : IM_COL32(mix(150, 55), mix(150, 115), mix(150, 235), 255);
}

std::string note_of(const DiffRow& row) {
    if (row.a == kNoMatch)
        return "new in B";
    return "A: " + format_duration(row.in_a.cumtime) + " (own " +
           format_duration(row.in_a.tottime) + "), " + std::to_string(row.in_a.calls) +
           " calls; change " + signed_duration(row.delta_cumtime) + " (" + to_string(row.match) +
           ")";
}

} // namespace

void DiffWorkspace::show(std::shared_ptr<LoadedDiff> loaded) {
    loaded_ = std::move(loaded);
    a_state_ = ViewerState{};
    b_state_ = ViewerState{};
    a_state_.loaded = loaded_->a;
    b_state_.loaded = loaded_->b;
    diff_ = ProfileDiff{}; // the last comparison's rows name the last profiles' functions
    order_.clear();
    compare();
}

void DiffWorkspace::compare() {
    comparing_ = std::make_unique<BackgroundJob<std::shared_ptr<ProfileDiff>>>(
        [loaded = loaded_,
         normalise = normalise_](LoadProgress&) -> Result<std::shared_ptr<ProfileDiff>> {
            return std::make_shared<ProfileDiff>(
                diff_profiles(loaded->a->profile, loaded->b->profile, normalise));
        });
}

void DiffWorkspace::take_diff() {
    std::optional<Result<std::shared_ptr<ProfileDiff>>> result = comparing_->take_result();
    if (!result)
        return;
    comparing_.reset();
    if (!*result)
        return;
    diff_ = std::move(*result->value());
    const PstatsProfile& b = loaded_->b->profile;
    auto overlay = std::make_shared<FunctionOverlay>();
    overlay->colours.assign(b.keys.size(), IM_COL32(120, 120, 120, 255));
    overlay->notes.assign(b.keys.size(), std::string());
    for (const DiffRow& row : diff_.rows)
        if (row.b != kNoMatch) {
            overlay->colours[row.b] = change_colour(row);
            overlay->notes[row.b] = note_of(row);
        }
    b_state_.overlay = overlay;
    order_.resize(diff_.rows.size());
    for (uint32_t i = 0; i < order_.size(); ++i)
        order_[i] = i;
    sort_table(kDeltaOwn, false);
    if (!order_.empty())
        select_row(order_.front());
}

void DiffWorkspace::select_row(uint32_t row) {
    selected_row_ = row;
    const DiffRow& r = diff_.rows[row];
    if (r.a != kNoMatch)
        a_state_.select(r.a);
    if (r.b != kNoMatch)
        b_state_.select(r.b);
    followed_b_selection_ = b_state_.selected;
}

void DiffWorkspace::sort_table(int column, bool ascending) {
    const PstatsProfile& a = loaded_->a->profile;
    const PstatsProfile& b = loaded_->b->profile;
    auto value = [&](const DiffRow& r) -> double {
        switch (column) {
        case kDeltaOwn:
            return r.delta_tottime;
        case kDeltaCum:
            return r.delta_cumtime;
        case kChange:
            return r.relative_cumtime;
        case kAOwn:
            return r.in_a.tottime;
        case kBOwn:
            return r.in_b.tottime;
        case kACum:
            return r.in_a.cumtime;
        case kBCum:
            return r.in_b.cumtime;
        case kACalls:
            return double(r.in_a.calls);
        case kBCalls:
            return double(r.in_b.calls);
        case kMatch:
            return double(int(r.match));
        default:
            return 0;
        }
    };
    std::stable_sort(order_.begin(), order_.end(), [&](uint32_t x, uint32_t y) {
        const DiffRow& rx = diff_.rows[x];
        const DiffRow& ry = diff_.rows[y];
        if (column == kFunction) {
            std::string lx = diff_row_label(a, b, rx), ly = diff_row_label(a, b, ry);
            return ascending ? lx < ly : lx > ly;
        }
        return ascending ? value(rx) < value(ry) : value(rx) > value(ry);
    });
}

void DiffWorkspace::draw_table() {
    const PstatsProfile& a = loaded_->a->profile;
    const PstatsProfile& b = loaded_->b->profile;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_Sortable | ImGuiTableFlags_Hideable |
                            ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("comparison", kColumns, flags))
        return;
    ImGui::TableSetupScrollFreeze(1, 1);
    const char* names[kColumns] = {"function", "own +/-", "total +/-", "total %",
                                   "A total",  "B total", "A own",     "B own",
                                   "A calls",  "B calls", "match"};
    for (int c = 0; c < kColumns; ++c) {
        ImGuiTableColumnFlags column = ImGuiTableColumnFlags_PreferSortDescending;
        if (c == kDeltaOwn)
            column |= ImGuiTableColumnFlags_DefaultSort;
        if (c == kFunction)
            column = ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide;
        if (c >= kAOwn)
            column |= ImGuiTableColumnFlags_DefaultHide;
        ImGui::TableSetupColumn(names[c], column);
    }
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0)
            sort_table(specs->Specs[0].ColumnIndex,
                       specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending);
        specs->SpecsDirty = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(int(order_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const DiffRow& row = diff_.rows[order_[size_t(i)]];
            ImGui::PushID(i);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const LoadedProfile& side = row.b != kNoMatch ? *loaded_->b : *loaded_->a;
            FunctionId f = row.b != kNoMatch ? row.b : row.a;
            std::string label = side.names.label(side.profile, f);
            ImGui::PushStyleColor(ImGuiCol_Text, change_colour(row));
            if (ImGui::Selectable(label.c_str(), order_[size_t(i)] == selected_row_,
                                  ImGuiSelectableFlags_SpanAllColumns))
                select_row(order_[size_t(i)]);
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", diff_row_label(a, b, row).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(signed_duration(row.delta_tottime).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(signed_duration(row.delta_cumtime).c_str());
            ImGui::TableNextColumn();
            if (row.match == MatchRule::only_b)
                ImGui::TextUnformatted("new");
            else if (row.match == MatchRule::only_a)
                ImGui::TextUnformatted("gone");
            else
                ImGui::Text("%+.0f%%", row.relative_cumtime * 100);
            for (double value :
                 {row.in_a.cumtime, row.in_b.cumtime, row.in_a.tottime, row.in_b.tottime}) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_duration(value).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(row.in_a.calls));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(row.in_b.calls));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(to_string(row.match));
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

std::string DiffWorkspace::draw() {
    std::string done;
    if (comparing_)
        take_diff();
    if (diff_.rows.empty() && comparing_) {
        ImGui::TextDisabled("comparing...");
        return done;
    }
    // The flame graph selects by B's function: follow it in the table.
    if (b_state_.selected != followed_b_selection_) {
        followed_b_selection_ = b_state_.selected;
        uint32_t row = b_state_.selected < diff_.row_of_b.size() ? diff_.row_of_b[b_state_.selected]
                                                                 : kNoMatch;
        if (row != kNoMatch && row != selected_row_)
            select_row(row);
    }
    const PstatsProfile& a = loaded_->a->profile;
    const PstatsProfile& b = loaded_->b->profile;
    ImGui::Text("A (before): %s    B (after): %s", a.sources.front().path.c_str(),
                b.sources.front().path.c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(comparing_ != nullptr);
    if (ImGui::Checkbox("normalise B to A's total", &normalise_))
        compare();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Copy as Markdown")) {
        std::vector<DiffRow> rows;
        for (size_t i = 0; i < order_.size() && i < 50; ++i)
            rows.push_back(diff_.rows[order_[i]]);
        ImGui::SetClipboardText(format_diff(a, b, diff_, rows, FindingsFormat::markdown).c_str());
        done = "comparison copied as Markdown";
    }
    ImGui::Text("A: %s, B: %s%s", format_duration(diff_.total_a_s).c_str(),
                format_duration(diff_.total_b_s).c_str(),
                normalise_ ? " (B scaled to A's total)" : "");
    float left = ImGui::GetContentRegionAvail().x * 0.5f;
    ImGui::BeginChild("diff left", ImVec2(left, 0), false);
    draw_table();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("diff right", ImVec2(0, 0), false);
    if (ImGui::BeginTabBar("diff views")) {
        if (ImGui::BeginTabItem("Differential flame graph")) {
            ImGui::TextDisabled("B's call tree: red slower than A, blue faster, magenta new in B");
            flame_.draw(b_state_);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Callers / callees")) {
            float half = ImGui::GetContentRegionAvail().y * 0.5f;
            ImGui::TextUnformatted("A (before)");
            ImGui::BeginChild("callers a", ImVec2(0, half - 20), false);
            if (diff_.rows[selected_row_].a != kNoMatch)
                callers_a_.draw(a_state_);
            else
                ImGui::TextDisabled("Not in A.");
            ImGui::EndChild();
            ImGui::TextUnformatted("B (after)");
            ImGui::BeginChild("callers b", ImVec2(0, 0), false);
            if (diff_.rows[selected_row_].b != kNoMatch)
                callers_b_.draw(b_state_);
            else
                ImGui::TextDisabled("Not in B.");
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    return done;
}

} // namespace framescope
