#include "viewer/views/crash_report_pager.h"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "model/bucket_format.h"

namespace framescope {
namespace {

const ImVec4 kApplicationFrameColour(1.0f, 0.78f, 0.35f, 1);
const ImVec4 kBreadcrumbColour(0.62f, 0.66f, 0.72f, 1);
constexpr size_t kBreadcrumbLines = 8; // the log lines shown before the crash

// The last `lines` lines of `text`.
std::string_view last_lines(std::string_view text, size_t lines) {
    size_t at = text.size();
    if (at > 0 && text[at - 1] == '\n')
        --at;
    for (size_t n = 0; n < lines && at > 0; ++n) {
        size_t found = text.rfind('\n', at - 1);
        at = found == std::string_view::npos ? 0 : found;
    }
    return text.substr(at == 0 ? 0 : at + 1);
}

} // namespace

void CrashReportPager::restart() {
    page_ = 0;
    shown_ = nullptr;
    showing_source_ = false;
}

void CrashReportPager::step(int direction, size_t reports) {
    if (reports == 0)
        return;
    page_ = direction > 0 ? std::min(page_ + 1, reports - 1) : page_ > 0 ? page_ - 1 : 0;
}

void CrashReportPager::prepare(std::span<const ReportBundle> sessions, const CrashInput& input,
                               const BucketRules& rules) {
    const CrashReport& report = *input.report;
    shown_ = &report;
    showing_source_ = false;
    log_tail_ = {};
    for (const ReportBundle& session : sessions)
        if (session.source == input.file)
            log_tail_ = session.log_tail;
    application_lines_ = application_lines_of(report, rules);
    std::sort(application_lines_.begin(), application_lines_.end());
    frame_at_.clear();
    for (const CrashException& exception : report.chain)
        for (const CrashFrame& frame : exception.frames)
            if (frame.text_line > 0) {
                if (frame_at_.size() <= frame.text_line)
                    frame_at_.resize(frame.text_line + 1, nullptr);
                frame_at_[frame.text_line] = &frame;
            }
}

void CrashReportPager::draw_text(const CrashReport& report) {
    const std::string& text = report.text;
    size_t begin = 0;
    for (uint32_t number = 1; begin < text.size(); ++number) {
        size_t end = text.find('\n', begin);
        if (end == std::string::npos)
            end = text.size();
        std::string line(text.data() + begin, end - begin);
        bool own = std::binary_search(application_lines_.begin(), application_lines_.end(), number);
        if (own)
            ImGui::PushStyleColor(ImGuiCol_Text, kApplicationFrameColour);
        if (number < frame_at_.size() && frame_at_[number]) {
            ImGui::PushID(int(number));
            if (ImGui::Selectable(line.c_str())) {
                source_.show(frame_at_[number]->file, frame_at_[number]->line);
                showing_source_ = true;
            }
            ImGui::PopID();
        } else {
            ImGui::TextUnformatted(line.c_str());
        }
        if (own)
            ImGui::PopStyleColor();
        begin = end + 1;
    }
}

void CrashReportPager::draw(std::span<const ReportBundle> sessions,
                            std::span<const CrashInput> inputs, const BucketDetail& detail,
                            const BucketRules& rules) {
    if (detail.reports.empty())
        return;
    page_ = std::min(page_, detail.reports.size() - 1);
    const CrashInput& input = inputs[detail.reports[page_]];
    if (shown_ != input.report)
        prepare(sessions, input, rules);

    ImGui::BeginDisabled(page_ == 0);
    if (ImGui::Button("< Previous"))
        step(-1, detail.reports.size());
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(page_ + 1 >= detail.reports.size());
    if (ImGui::Button("Next >"))
        step(1, detail.reports.size());
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text("report %zu of %zu", page_ + 1, detail.reports.size());
    ImGui::SameLine();
    ImGui::TextDisabled("(N/P or the arrow keys)");
    ImGui::TextWrapped("%s%s%s; version %s; %s", input.file.c_str(),
                       input.session.empty() || input.session == input.file ? "" : ", session ",
                       input.session == input.file ? "" : input.session.c_str(),
                       input.app_version.empty() ? "unknown" : input.app_version.c_str(),
                       format_time(input.time_unix).c_str());
    if (!log_tail_.empty()) {
        ImGui::TextDisabled("Breadcrumbs: the log lines before the crash");
        std::string crumbs(last_lines(log_tail_, kBreadcrumbLines));
        ImGui::PushStyleColor(ImGuiCol_Text, kBreadcrumbColour);
        ImGui::TextUnformatted(crumbs.c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::TextDisabled("No log lines before the crash.");
    }
    float height = showing_source_ ? ImGui::GetContentRegionAvail().y * 0.55f : 0;
    ImGui::BeginChild("report", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    draw_text(*input.report);
    ImGui::EndChild();
    if (showing_source_)
        source_.draw();
}

} // namespace framescope
