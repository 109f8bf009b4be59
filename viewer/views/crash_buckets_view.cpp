#include "viewer/views/crash_buckets_view.h"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "model/bucket_format.h"

namespace framescope {
namespace {

void draw_health(const SessionHealth& health) {
    if (health.sessions == 0) {
        ImGui::TextDisabled("No recorded sessions: crash reports only.");
        return;
    }
    ImGui::Text(
        "%zu sessions: %.1f%% crashed, %.1f%% hung, %.1f%% ended abnormally; %.1f%% crash-free; "
        "median length %.1f s",
        health.sessions, 100 * health.share(health.crashed), 100 * health.share(health.hung),
        100 * health.share(health.abnormal), 100 * (1 - health.share(health.crashed)),
        health.median_length_s);
}

// Reports per version, oldest version first, as bars.
void draw_versions_chart(const CrashBucket& bucket) {
    if (bucket.versions.empty())
        return;
    std::vector<float> counts(bucket.version_counts.begin(), bucket.version_counts.end());
    std::string label =
        "reports per version: " + bucket.versions.front() + " .. " + bucket.versions.back();
    ImGui::PlotHistogram("##versions", counts.data(), int(counts.size()), 0, label.c_str(), 0,
                         *std::max_element(counts.begin(), counts.end()) * 1.3f, ImVec2(0, 60));
}

// The report's text, its lines naming the application's frames in colour; a frame's line is
// a button that returns its frame.
const CrashFrame* draw_report_text(const CrashReport& report, const BucketRules& rules) {
    std::vector<uint32_t> app = application_lines_of(report, rules);
    std::vector<const CrashFrame*> frame_at; // by the text's line
    auto index = [&](const std::vector<CrashFrame>& frames) {
        for (const CrashFrame& frame : frames)
            if (frame.text_line > 0) {
                if (frame_at.size() <= frame.text_line)
                    frame_at.resize(frame.text_line + 1, nullptr);
                frame_at[frame.text_line] = &frame;
            }
    };
    for (const CrashException& exception : report.chain)
        index(exception.frames);
    const CrashFrame* clicked = nullptr;
    const std::string& text = report.text;
    size_t begin = 0;
    for (uint32_t number = 1; begin < text.size(); ++number) {
        size_t end = text.find('\n', begin);
        if (end == std::string::npos)
            end = text.size();
        std::string line(text.data() + begin, end - begin);
        bool own = std::find(app.begin(), app.end(), number) != app.end();
        if (own)
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.78f, 0.35f, 1));
        if (number < frame_at.size() && frame_at[number]) {
            ImGui::PushID(int(number));
            if (ImGui::Selectable(line.c_str()))
                clicked = frame_at[number];
            ImGui::PopID();
        } else {
            ImGui::TextUnformatted(line.c_str());
        }
        if (own)
            ImGui::PopStyleColor();
        begin = end + 1;
    }
    return clicked;
}

} // namespace

void CrashBucketsView::draw_list(const LoadedSessions& loaded) {
    draw_health(loaded.findings.health);
    const std::vector<CrashBucket>& buckets = loaded.findings.crash_buckets;
    if (buckets.empty()) {
        ImGui::TextDisabled("No crashes.");
        return;
    }
    selected_ = std::min(selected_, buckets.size() - 1);
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    float height =
        std::min(ImGui::GetTextLineHeightWithSpacing() * (float(buckets.size()) + 1.5f), 150.f);
    if (ImGui::BeginTable("buckets", 5, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("reports", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("sessions", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("first version", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("exception", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("where", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (size_t b = 0; b < buckets.size(); ++b) {
            const CrashBucket& bucket = buckets[b];
            ImGui::PushID(int(b));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string count = std::to_string(bucket.count);
            if (ImGui::Selectable(count.c_str(), selected_ == b,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                if (selected_ != b)
                    showing_source_ = false; // another report: none of its frames chosen yet
                selected_ = b;
            }
            ImGui::TableNextColumn();
            ImGui::Text("%zu", bucket.sessions);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(bucket.versions.empty() ? "" : bucket.versions.front().c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(bucket.unparsed ? "(unparsed text)"
                                                   : bucket.signature.exception.c_str());
            ImGui::TableNextColumn();
            if (!bucket.signature.frames.empty())
                ImGui::Text("%s (%s)", bucket.signature.frames.front().function.c_str(),
                            bucket.signature.frames.front().module.c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    const CrashBucket& bucket = buckets[selected_];
    ImGui::Separator();
    std::string interpreters;
    for (const std::string& interpreter : bucket.interpreters)
        interpreters += (interpreters.empty() ? "" : ", ") + interpreter;
    ImGui::TextWrapped("Seen %s .. %s on %zu platform(s); %s",
                       format_time(bucket.first_seen_unix).c_str(),
                       format_time(bucket.last_seen_unix).c_str(), bucket.platforms.size(),
                       interpreters.empty() ? "interpreter unknown" : interpreters.c_str());
    draw_versions_chart(bucket);
    for (size_t v = 0; v < bucket.variants.size() && v < 4; ++v)
        ImGui::BulletText("%zux  %s", bucket.variants[v].second, bucket.variants[v].first.c_str());
}

void CrashBucketsView::draw_report(const LoadedSessions& loaded) {
    if (loaded.findings.crash_buckets.empty())
        return;
    const CrashBucket& bucket =
        loaded.findings
            .crash_buckets[std::min(selected_, loaded.findings.crash_buckets.size() - 1)];
    ImGui::Text("Latest report, %s; the application's frames highlighted, a frame's source "
                "on a click:",
                bucket.latest_file.c_str());
    float height = showing_source_ ? ImGui::GetContentRegionAvail().y * 0.55f : 0;
    ImGui::BeginChild("report", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    if (const CrashFrame* frame = draw_report_text(*bucket.latest, BucketRules{})) {
        source_.show(frame->file, frame->line);
        showing_source_ = true;
    }
    ImGui::EndChild();
    if (showing_source_)
        source_.draw();
}

} // namespace framescope
