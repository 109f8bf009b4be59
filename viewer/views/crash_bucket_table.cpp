#include "viewer/views/crash_bucket_table.h"

#include <algorithm>
#include <ctime>
#include <string>

#include <imgui.h>

#include "model/text_format.h"

namespace framescope {
namespace {

enum Column { kTitle, kReports, kSessions, kFirstSeen, kLastSeen, kVersions, kColumns };

// "11-20 10:33" (UTC): the table's columns stay narrow; the bucket's page has the year.
std::string short_time(double unix_seconds) {
    if (unix_seconds <= 0)
        return "";
    std::time_t t = std::time_t(unix_seconds);
    char text[16];
    std::strftime(text, sizeof text, "%m-%d %H:%M", std::gmtime(&t));
    return text;
}

// Negative, zero or positive as `a` sorts before, with or after `b` in `column`.
int compare(const CrashBucket& a, const CrashBucket& b, const std::string& title_a,
            const std::string& title_b, int column) {
    auto three_way = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
    switch (column) {
    case kTitle:
        return title_a.compare(title_b);
    case kReports:
        return three_way(a.count, b.count);
    case kSessions:
        return three_way(a.sessions, b.sessions);
    case kFirstSeen:
        return three_way(a.first_seen_unix, b.first_seen_unix);
    case kLastSeen:
        return three_way(a.last_seen_unix, b.last_seen_unix);
    case kVersions: {
        const std::string none;
        const std::string& x = a.versions.empty() ? none : a.versions.front();
        const std::string& y = b.versions.empty() ? none : b.versions.front();
        return version_before(x, y) ? -1 : version_before(y, x) ? 1 : 0;
    }
    }
    return 0;
}

void sort_rows(std::vector<size_t>& order, std::span<const CrashBucket> buckets,
               std::span<const std::string> titles, const ImGuiTableSortSpecs& specs) {
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        for (int s = 0; s < specs.SpecsCount; ++s) {
            const ImGuiTableColumnSortSpecs& spec = specs.Specs[s];
            int order_ab = compare(buckets[a], buckets[b], titles[a], titles[b], spec.ColumnIndex);
            if (order_ab != 0)
                return spec.SortDirection == ImGuiSortDirection_Ascending ? order_ab < 0
                                                                          : order_ab > 0;
        }
        return a < b;
    });
}

} // namespace

std::optional<size_t> CrashBucketTable::draw(std::span<const CrashBucket> buckets,
                                             std::span<const std::string> titles,
                                             uint64_t generation, size_t selected) {
    std::optional<size_t> clicked;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_Sortable | ImGuiTableFlags_SortMulti;
    if (!ImGui::BeginTable("buckets", kColumns, flags, ImVec2(0, 0)))
        return clicked;
    ImGui::TableSetupScrollFreeze(0, 1);
    // Wide enough for the header and its sort arrow, or the values, whichever is wider.
    float arrow_px = ImGui::GetFontSize();
    float time_px = std::max(ImGui::CalcTextSize("00-00 00:00").x,
                             ImGui::CalcTextSize("first seen").x + arrow_px);
    float count_px = ImGui::CalcTextSize("sessions").x + arrow_px;
    float versions_px = ImGui::CalcTextSize("versions").x + arrow_px;
    ImGui::TableSetupColumn("title", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("count",
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort |
                                ImGuiTableColumnFlags_PreferSortDescending,
                            count_px);
    ImGui::TableSetupColumn(
        "sessions", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
        count_px);
    ImGui::TableSetupColumn("first seen", ImGuiTableColumnFlags_WidthFixed, time_px);
    ImGui::TableSetupColumn(
        "last seen", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
        time_px);
    ImGui::TableSetupColumn("versions", ImGuiTableColumnFlags_WidthFixed, versions_px);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
        specs && (specs->SpecsDirty || sorted_generation_ != generation ||
                  order_.size() != buckets.size())) {
        order_.resize(buckets.size());
        for (size_t i = 0; i < order_.size(); ++i)
            order_[i] = i;
        sort_rows(order_, buckets, titles, *specs);
        specs->SpecsDirty = false;
        sorted_generation_ = generation;
    }
    ImGuiListClipper clipper;
    clipper.Begin(int(order_.size()));
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            size_t b = order_[size_t(row)];
            const CrashBucket& bucket = buckets[b];
            ImGui::PushID(int(b));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string title = titles[b];
            if (!bucket.merged.empty())
                title += "  (+" + std::to_string(bucket.merged.size()) + " merged)";
            if (ImGui::Selectable(title.c_str(), selected == b,
                                  ImGuiSelectableFlags_SpanAllColumns))
                clicked = b;
            if (ImGui::IsItemHovered() && !bucket.signature.frames.empty())
                ImGui::SetTooltip("%s", bucket.signature.key().c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%zu", bucket.count);
            ImGui::TableNextColumn();
            ImGui::Text("%zu", bucket.sessions);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(short_time(bucket.first_seen_unix).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(short_time(bucket.last_seen_unix).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(joined(bucket.versions).c_str());
            ImGui::PopID();
        }
    ImGui::EndTable();
    return clicked;
}

} // namespace framescope
