#include "viewer/views/crash_buckets_view.h"

#include <algorithm>
#include <sstream>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "model/bucket_format.h"
#include "model/edited_bucket_rules.h"
#include "viewer/views/crash_chart.h"

namespace framescope {
namespace {

const ImVec4 kTitleColour(1.0f, 0.55f, 0.45f, 1);
const ImVec4 kTagNameColour(0.55f, 0.75f, 0.95f, 1);
const ImVec4 kErrorColour(1.0f, 0.4f, 0.4f, 1);

void draw_health(const SessionHealth& health) {
    if (health.sessions == 0) {
        ImGui::TextDisabled("No recorded sessions: crash reports only.");
        return;
    }
    ImGui::TextWrapped(
        "%zu sessions: %.1f%% crashed, %.1f%% hung, %.1f%% ended abnormally; %.1f%% crash-free; "
        "median length %.1f s",
        health.sessions, 100 * health.share(health.crashed), 100 * health.share(health.hung),
        100 * health.share(health.abnormal), 100 * (1 - health.share(health.crashed)),
        health.median_length_s);
}

// "1 report", "2 reports".
std::string counted(size_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            lines.push_back(line);
    return lines;
}

std::string joined_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines)
        text += line + "\n";
    return text;
}

int resize_string(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(data->UserData);
        text->resize(size_t(data->BufTextLen));
        data->Buf = text->data();
    }
    return 0;
}

bool input_lines(const char* label, std::string& text) {
    return ImGui::InputTextMultiline(label, text.data(), text.capacity() + 1, ImVec2(360, 80),
                                     ImGuiInputTextFlags_CallbackResize, resize_string, &text);
}

} // namespace

void CrashBucketsView::show(std::shared_ptr<const LoadedSessions> loaded, std::string db_path) {
    job_.reset();
    loaded_ = std::move(loaded);
    db_path_ = std::move(db_path);
    edits_ = {};
    rules_ = {};
    // No merges yet: titles that read no reports, cheap enough for this thread.
    std::vector<std::string> titles;
    for (const CrashBucket& bucket : loaded_->findings.crash_buckets)
        titles.push_back(bucket_title(bucket, loaded_->findings.crash_inputs, rules_));
    set_buckets(loaded_->findings.crash_buckets, std::move(titles));
    error_.clear();
    selected_key_.clear();
    select(0);
    start({});
}

void CrashBucketsView::start(BucketEdit edit) {
    error_.clear();
    job_ = std::make_unique<RebucketJob>(loaded_, db_path_, std::move(edit));
}

void CrashBucketsView::take_result() {
    if (!job_)
        return;
    std::optional<Result<Rebucketed>> result = job_->take_result();
    if (!result)
        return;
    job_.reset();
    if (!*result) {
        error_ = result->error().to_string();
        selected_key_ = buckets_.empty() ? std::string() : buckets_[selected_].key();
        return;
    }
    loaded_ = (*result)->loaded;
    edits_ = std::move((*result)->edits);
    rules_ = edited_bucket_rules(BucketRules{}, edits_);
    set_buckets(std::move((*result)->buckets), std::move((*result)->titles));
    app_paths_text_ = joined_lines(edits_.app_paths);
    skip_functions_text_ = joined_lines(edits_.skip_functions);
    // The bucket selected before, or the one it went into.
    size_t found = 0;
    for (size_t b = 0; b < buckets_.size(); ++b)
        if (buckets_[b].key() == selected_key_ ||
            std::find(buckets_[b].merged.begin(), buckets_[b].merged.end(), selected_key_) !=
                buckets_[b].merged.end()) {
            found = b;
            if (buckets_[b].key() == selected_key_)
                break;
        }
    select(found);
    detail_generation_ = UINT64_MAX;
}

void CrashBucketsView::set_buckets(std::vector<CrashBucket> buckets,
                                   std::vector<std::string> titles) {
    buckets_ = std::move(buckets);
    titles_ = std::move(titles);
    ++generation_;
}

void CrashBucketsView::select(size_t bucket) {
    selected_ = buckets_.empty() ? 0 : std::min(bucket, buckets_.size() - 1);
    selected_key_ = buckets_.empty() ? std::string() : buckets_[selected_].key();
    pager_.restart();
}

void CrashBucketsView::handle_keys() {
    if (ImGui::GetIO().WantTextInput || detail_.reports.empty())
        return;
    if (ImGui::IsKeyPressed(GLFW_KEY_N) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow)))
        pager_.step(1, detail_.reports.size());
    if (ImGui::IsKeyPressed(GLFW_KEY_P) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)))
        pager_.step(-1, detail_.reports.size());
}

void CrashBucketsView::draw_list() {
    take_result();
    if (!loaded_)
        return;
    draw_health(loaded_->findings.health);
    if (buckets_.empty()) {
        ImGui::TextDisabled("No crashes.");
        return;
    }
    ImGui::Text("%s of %s", counted(buckets_.size(), "bucket").c_str(),
                counted(loaded_->findings.crash_inputs.size(), "report").c_str());
    if (std::optional<size_t> clicked = table_.draw(buckets_, titles_, generation_, selected_);
        clicked && *clicked != selected_)
        select(*clicked);
}

void CrashBucketsView::draw_tags() {
    for (const BucketTag& tag : detail_.tags) {
        ImGui::TextColored(kTagNameColour, "%s", tag.name.c_str());
        for (const TagValue& value : tag.values) {
            ImGui::SameLine();
            ImGui::Text("%s (%zu)", value.value.c_str(), value.count);
        }
    }
}

void CrashBucketsView::draw_edits(const CrashBucket& bucket) {
    ImGui::BeginDisabled(job_ != nullptr || bucket.unparsed);
    if (ImGui::Button("Merge into..."))
        ImGui::OpenPopup("merge into");
    ImGui::EndDisabled();
    if (ImGui::BeginPopup("merge into")) {
        ImGui::TextDisabled("Merge this bucket's reports into:");
        for (size_t b = 0; b < buckets_.size(); ++b) {
            if (b == selected_ || buckets_[b].unparsed)
                continue;
            ImGui::PushID(int(b));
            std::string label =
                std::to_string(buckets_[b].count) + "  " + titles_[b] + "  " + buckets_[b].key();
            if (ImGui::Selectable(label.c_str())) {
                selected_key_ = buckets_[b].key();
                start({BucketEdit::Kind::merge, bucket.key(), buckets_[b].key(), {}, {}});
            }
            ImGui::PopID();
        }
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(job_ != nullptr || bucket.merged.empty());
    if (ImGui::Button("Unmerge"))
        start({BucketEdit::Kind::split, bucket.key(), {}, {}, {}});
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Rules..."))
        ImGui::OpenPopup("rules");
    if (ImGui::BeginPopup("rules")) {
        draw_rules_editor();
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    if (job_)
        ImGui::TextDisabled("re-bucketing...");
    else if (!error_.empty())
        ImGui::TextColored(kErrorColour, "%s", error_.c_str());
    else
        ImGui::TextDisabled("edits kept in %s", db_path_.c_str());
}

void CrashBucketsView::draw_rules_editor() {
    ImGui::TextUnformatted("The application's code: path fragments, one a line");
    input_lines("##app paths", app_paths_text_);
    ImGui::TextUnformatted("Functions never part of a signature, one a line");
    input_lines("##skip functions", skip_functions_text_);
    ImGui::BeginDisabled(job_ != nullptr);
    if (ImGui::Button("Apply and re-bucket")) {
        start({BucketEdit::Kind::rules,
               {},
               {},
               lines_of(app_paths_text_),
               lines_of(skip_functions_text_)});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
}

void CrashBucketsView::draw_bucket() {
    take_result();
    if (!loaded_ || buckets_.empty())
        return;
    const CrashBucket& bucket = buckets_[selected_];
    if (detail_generation_ != generation_ || detail_bucket_ != selected_) {
        detail_ = bucket_detail(loaded_->findings.crash_inputs, bucket);
        detail_generation_ = generation_;
        detail_bucket_ = selected_;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, kTitleColour);
    ImGui::TextWrapped("%s", titles_[selected_].c_str());
    ImGui::PopStyleColor();
    if (!bucket.unparsed && !bucket.signature.frames.empty())
        ImGui::Text("in %s (%s)%s", bucket.signature.frames.front().function.c_str(),
                    bucket.signature.frames.front().module.c_str(),
                    bucket.signature.application_frames ? "" : "  (no application frame found)");
    ImGui::TextDisabled("%s, %s; seen %s .. %s", counted(bucket.count, "report").c_str(),
                        counted(bucket.sessions, "session").c_str(),
                        format_time(bucket.first_seen_unix).c_str(),
                        format_time(bucket.last_seen_unix).c_str());
    for (const std::string& merged : bucket.merged)
        ImGui::TextDisabled("merged in: %s", merged.c_str());
    draw_edits(bucket);
    ImGui::Separator();
    draw_tags();
    if (detail_.per_version.empty() && detail_.over_time.counts.empty())
        ImGui::TextDisabled("No versions or times in these reports to chart.");
    else
        draw_crash_charts(detail_);
    ImGui::Separator();
    pager_.draw(loaded_->inputs.sessions, loaded_->findings.crash_inputs, detail_, rules_);
}

} // namespace framescope
