// SessionWorkspace: the drill-in profile is rebuilt only when the selection, the session or
// the thread choice changes; everything else is drawn from the loaded findings.

#include "viewer/session_workspace.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "model/findings_format.h"
#include "model/sample_profile.h"
#include "model/trace_session.h"

namespace framescope {
namespace {

std::string selection_title(const ReportBundle& bundle, const FrameSelection& selection) {
    char title[160];
    if (!bundle.has_frame_timings)
        std::snprintf(title, sizeof title, "stall %u of %s", selection.first,
                      bundle.source.c_str());
    else if (selection.first >= bundle.frames.size()) // a hang: the frame that never ended
        std::snprintf(title, sizeof title, "frame %u (never finished) of %s", selection.first,
                      bundle.source.c_str());
    else if (selection.first == selection.last)
        std::snprintf(title, sizeof title, "frame %u (%.1f ms) of %s", selection.first,
                      bundle.frames.duration_us[selection.first] / 1000.0, bundle.source.c_str());
    else
        std::snprintf(title, sizeof title, "frames %u-%u of %s", selection.first, selection.last,
                      bundle.source.c_str());
    return title;
}

} // namespace

Status SessionWorkspace::init() {
    if (Status s = timeline_.init(); !s)
        return s;
    return flame_.init();
}

void SessionWorkspace::show(std::shared_ptr<LoadedSessions> loaded) {
    loaded_ = std::move(loaded);
    drilled_session_ = SIZE_MAX;
    pick_tab_ = true;
    crash_buckets_.show(loaded_, store_path_);
    crashes_only_ = std::none_of(
        loaded_->inputs.sessions.begin(), loaded_->inputs.sessions.end(),
        [](const ReportBundle& s) { return s.has_frame_timings || !s.samples.empty(); });
    // Open on the worst frame of all, or else on the longest stall of a stall trace.
    const SessionFindings& findings = loaded_->findings;
    if (!findings.worst_frames.empty()) {
        const WorstFrame& worst = findings.worst_frames.front();
        select_session(worst.session);
        selection_ = {true, worst.frame_index, worst.frame_index};
        timeline_.show_frames(session(), worst.frame_index, worst.frame_index);
    } else if (!findings.stall_groups.empty()) {
        const Stall& stall = *findings.stall_groups.front().stalls.front();
        select_session(stall.session);
        selection_ = {true, stall.frame_index, stall.frame_index};
    } else {
        select_session(0);
        // A trace with every frame within budget: its longest still shows what a frame does.
        const std::vector<uint32_t>& durations = session().frames.duration_us;
        if (session().trace && !durations.empty()) {
            uint32_t longest =
                uint32_t(std::max_element(durations.begin(), durations.end()) - durations.begin());
            selection_ = {true, longest, longest};
        }
    }
}

void SessionWorkspace::select_session(size_t index) {
    session_ = std::min(index, loaded_->inputs.sessions.size() - 1);
    budget_ms_ = session().session.frame_budget_ms > 0 ? session().session.frame_budget_ms : 33.3;
    selection_ = {};
}

void SessionWorkspace::handle_keys() {
    if (crashes_only_ || showing_crashes_) {
        crash_buckets_.handle_keys();
        return;
    }
    if (ImGui::GetIO().WantTextInput || !session().has_frame_timings)
        return;
    int direction = 0;
    if (ImGui::IsKeyPressed(GLFW_KEY_N) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow)))
        direction = 1;
    if (ImGui::IsKeyPressed(GLFW_KEY_P) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)))
        direction = -1;
    if (direction)
        timeline_.step_to_slow_frame(session(), budget_ms_, direction, selection_);
}

std::string SessionWorkspace::draw_toolbar() {
    std::string done;
    const std::vector<ReportBundle>& sessions = loaded_->inputs.sessions;
    ImGui::SetNextItemWidth(420);
    if (ImGui::BeginCombo("##session", session().source.c_str())) {
        for (size_t i = 0; i < sessions.size(); ++i) {
            ImGui::PushID(int(i));
            if (ImGui::Selectable(sessions[i].source.c_str(), i == session_))
                select_session(i);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    if (session().has_frame_timings) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(110);
        ImGui::InputDouble("budget ms", &budget_ms_, 1, 10, "%.1f");
        budget_ms_ = std::max(budget_ms_, 0.1);
    }
    ImGui::SameLine();
    ImGui::Checkbox("all threads", &all_threads_);
    ImGui::SameLine();
    if (ImGui::Button("Copy findings"))
        ImGui::OpenPopup("copy findings");
    if (ImGui::BeginPopup("copy findings")) {
        for (auto [label, format] : {std::pair{"as text", FindingsFormat::text},
                                     std::pair{"as Markdown", FindingsFormat::markdown},
                                     std::pair{"as JSON", FindingsFormat::json}})
            if (ImGui::Selectable(label)) {
                ImGui::SetClipboardText(format_findings(loaded_->findings, format).c_str());
                done = std::string("findings copied ") + label;
            }
        ImGui::EndPopup();
    }
    ImGui::TextUnformatted(describe_session(loaded_->findings.sessions[session_]).c_str());
    if (!session().has_frame_timings) {
        ImGui::SameLine();
        if (session().samples.empty())
            ImGui::TextDisabled("crash reports: no frame times");
        else if (session().session.stall_ms > 0)
            ImGui::TextDisabled("a stall trace: frame times unknown, one dump every %.0f ms",
                                session().session.stall_ms);
        else
            ImGui::TextDisabled("a hang dump: frame times and dump times unknown");
    }
    return done;
}

void SessionWorkspace::draw_left_tabs() {
    showing_crashes_ = false;
    if (!ImGui::BeginTabBar("session tabs"))
        return;
    // A session with no stalls opens on its frames.
    // With no stalls, open on the crashes if there are any, else on the frames.
    bool pick = std::exchange(pick_tab_, false) && loaded_->findings.stall_groups.empty();
    bool open_crashes = pick && !loaded_->findings.crash_buckets.empty();
    bool open_frames = pick && !open_crashes;
    if (ImGui::BeginTabItem("Stalls")) {
        if (const Stall* stall = stall_groups_.draw(loaded_->findings)) {
            select_session(stall->session);
            selection_ = {true, stall->frame_index, stall->frame_index};
            timeline_.show_frames(session(), stall->frame_index, stall->frame_index);
        }
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Frames", nullptr, open_frames ? ImGuiTabItemFlags_SetSelected : 0)) {
        const FrameTimings& frames = session().frames;
        // A range may end in a hung frame, which has no duration to count.
        uint32_t last = std::min<uint32_t>(selection_.last, uint32_t(frames.size()) - 1);
        bool range = selection_.active && last > selection_.first && frames.size() > 0;
        std::span<const uint32_t> shown = frames.duration_us;
        if (range)
            shown = shown.subspan(selection_.first, last - selection_.first + 1);
        histogram_.draw(shown, budget_ms_, session().session.stall_ms,
                        range ? "selected frames" : "session");
        ImGui::Separator();
        ImGui::Text("Worst frames of all sessions:");
        for (const WorstFrame& frame : loaded_->findings.worst_frames) {
            ImGui::PushID(&frame);
            char label[200];
            std::snprintf(label, sizeof label, "%.1f ms  frame %u of %s%s", frame.duration_ms,
                          frame.frame_index,
                          loaded_->findings.sessions[frame.session].source.c_str(),
                          frame.gc_ms > 0.5 * frame.duration_ms ? "  (mostly GC)" : "");
            if (ImGui::Selectable(label, frame.session == session_ && selection_.active &&
                                             selection_.first == frame.frame_index)) {
                select_session(frame.session);
                selection_ = {true, frame.frame_index, frame.frame_index};
                timeline_.show_frames(session(), frame.frame_index, frame.frame_index);
            }
            ImGui::PopID();
        }
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Crashes", nullptr, open_crashes ? ImGuiTabItemFlags_SetSelected : 0)) {
        crash_buckets_.draw_list();
        showing_crashes_ = true;
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Log")) {
        ImGui::BeginChild("log", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
        ImGui::TextUnformatted(session().log_tail.empty() ? "(no log lines)"
                                                          : session().log_tail.c_str());
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

void SessionWorkspace::update_drill_in() {
    if (drilled_ == selection_ && drilled_session_ == session_ &&
        drilled_all_threads_ == all_threads_)
        return;
    drilled_ = selection_;
    drilled_session_ = session_;
    drilled_all_threads_ = all_threads_;
    drill_ = ViewerState{};
    if (!selection_.active)
        return;
    if (session().trace) { // a trace knows every call: the frames' exact tree
        if (selection_.first < session().frame_calls.size())
            drill_.loaded =
                profile_of_trace_frames(session(), selection_.first, selection_.last, all_threads_,
                                        selection_title(session(), selection_));
        return;
    }
    std::vector<uint32_t> samples;
    for (uint32_t i = 0; i < session().samples.size(); ++i) {
        uint32_t frame = session().samples[i].frame_index;
        if (frame >= selection_.first && frame <= selection_.last)
            samples.push_back(i);
    }
    if (!samples.empty())
        drill_.loaded = profile_of_samples(session(), samples, all_threads_,
                                           selection_title(session(), selection_));
}

void SessionWorkspace::draw_drill_in() {
    update_drill_in();
    bool pick_ledger = std::exchange(pick_ledger_, false); // this draw's, shown or not
    if (!selection_.active) {
        ImGui::TextDisabled("Click a frame in the timeline, or Shift+drag over several.");
        return;
    }
    ImGui::TextUnformatted(selection_title(session(), selection_).c_str());
    if (!drill_.loaded) {
        ImGui::TextDisabled(
            "No stack samples here: the watchdog samples a frame only once it has run %.1f ms.",
            session().session.slow_frame_ms);
        return;
    }
    ImGui::SameLine();
    if (session().trace)
        ImGui::TextDisabled("%s, %.2f ms traced: every call",
                            all_threads_ ? "every thread" : "the frames' thread",
                            drill_.loaded->tree.total_s() * 1000);
    else
        ImGui::TextDisabled("%s, %.2f s sampled", all_threads_ ? "every thread" : "main thread",
                            drill_.loaded->tree.total_s());
    if (session().has_frame_timings && selection_.last < session().frames.size()) {
        const FrameTimings& frames = session().frames;
        double start_s = frames.start_us[selection_.first] / 1e6;
        double end_s =
            (frames.start_us[selection_.last] + frames.duration_us[selection_.last]) / 1e6;
        if (double gc_ms = gc_ms_between(session(), start_s, end_s); gc_ms > 0) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(0.75f, 0.45f, 0.9f, 1),
                               "garbage collection: %.1f ms of %.1f ms", gc_ms,
                               (end_s - start_s) * 1000);
        }
    }
    if (!ImGui::BeginTabBar("drill-in"))
        return;
    if (ImGui::BeginTabItem("Flame graph")) {
        flame_.draw(drill_);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Call tree")) {
        tree_.draw(drill_);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Functions")) {
        table_.draw(drill_);
        ImGui::EndTabItem();
    }
    // A sample's frame names its line: the source shows where the stall waited, marked.
    if (ImGui::BeginTabItem("Details")) {
        details_.draw(drill_);
        ImGui::EndTabItem();
    }
    if (session().has_frame_timings &&
        ImGui::BeginTabItem("Budget ledger", nullptr,
                            pick_ledger ? ImGuiTabItemFlags_SetSelected : 0)) {
        ledger_.draw(loaded_, session_, selection_, budget_ms_);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

void SessionWorkspace::draw_crash_page() {
    ImGui::TextDisabled("crash reports of %zu %s", loaded_->inputs.sessions.size(),
                        loaded_->inputs.sessions.size() == 1 ? "file" : "files");
    float left = ImGui::GetContentRegionAvail().x * 0.55f;
    ImGui::BeginChild("crash list", ImVec2(left, 0), false);
    crash_buckets_.draw_list();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("crash bucket", ImVec2(0, 0), false);
    crash_buckets_.draw_bucket();
    ImGui::EndChild();
}

std::string SessionWorkspace::draw() {
    handle_keys();
    if (crashes_only_) {
        draw_crash_page();
        return {};
    }
    std::string done = draw_toolbar();
    if (session().has_frame_timings && timeline_.draw(session(), budget_ms_, selection_) &&
        selection_.last > selection_.first)
        pick_ledger_ = true; // a range was dragged out: what did it cost?
    float left = ImGui::GetContentRegionAvail().x * 0.45f;
    ImGui::BeginChild("session left", ImVec2(left, 0), false);
    draw_left_tabs();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("session right", ImVec2(0, 0), false);
    if (showing_crashes_)
        crash_buckets_.draw_bucket();
    else
        draw_drill_in();
    ImGui::EndChild();
    return done;
}

} // namespace framescope
