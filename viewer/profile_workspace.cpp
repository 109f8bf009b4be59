#include "viewer/profile_workspace.h"

#include <algorithm>
#include <iterator>
#include <utility>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "model/frame_function.h"
#include "viewer/export_menu.h"

namespace framescope {
namespace {

// The right-hand views' tabs, in order; the keys 1 to 6 bring them to the front. Lines is
// there for profiles with line timings (line_profiler's).
constexpr std::pair<const char*, ViewKind> kTabs[] = {
    {"Flame graph", ViewKind::Flame},         {"Call tree", ViewKind::Tree},
    {"Callers / callees", ViewKind::Callers}, {"Sandwich", ViewKind::Sandwich},
    {"Details", ViewKind::Details},           {"Lines", ViewKind::Lines}};

} // namespace

Status ProfileWorkspace::init() {
    if (Status s = flame_.init(); !s)
        return s;
    return sandwich_.init();
}

std::string ProfileWorkspace::show(std::shared_ptr<LoadedProfile> loaded, ViewKind view,
                                   const std::string& search, const std::string& select) {
    state_ = ViewerState{};
    state_.loaded = std::move(loaded);
    has_lines_ = LineView::applies(*state_.loaded);
    state_.front = view;
    state_.front_changed = true;
    state_.search = search;
    opened_with_search_ = search;
    // A frame loop that mostly sleeps opens on its work.
    state_.hide_idle = state_.loaded->busy && state_.loaded->busy->dominates();
    // Recorded paths count the stacks a function was on, not its calls: no frames to count.
    state_.frame_function =
        state_.loaded->exact_paths
            ? std::nullopt
            : suggest_frame_function(state_.loaded->profile, state_.loaded->busy);
    job_.reset();
    searched_.clear();
    if (select.empty())
        return {};
    std::optional<FunctionId> f = find_function(state_.loaded->profile, select);
    if (!f)
        return "no function matches --select '" + select + "'";
    state_.select(*f);
    return {};
}

void ProfileWorkspace::handle_shortcuts(OpenDialog& open_dialog) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F))
        focus_search_ = true;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O))
        open_dialog.open();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        state_.search.clear();
    if (io.WantTextInput)
        return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)))
        state_.go_back();
    // F: the selection is the main loop's per-frame function.
    if (ImGui::IsKeyPressed(GLFW_KEY_F) && !io.KeyCtrl && state_.selected != kNoFunction &&
        state_.selected < state_.loaded->profile.function_count)
        state_.frame_function = state_.selected;
    // 1..6: the right-hand views, in their tabs' order.
    for (int key = 0; key < int(std::size(kTabs)); ++key)
        if (ImGui::IsKeyPressed(GLFW_KEY_1 + key) &&
            (kTabs[key].second != ViewKind::Lines || has_lines_)) {
            state_.front = kTabs[key].second;
            state_.front_changed = true;
        }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) && state_.selected != kNoFunction) {
        state_.front = ViewKind::Callers; // drill into the selection's callers and callees
        state_.front_changed = true;
    }
}

std::string ProfileWorkspace::draw_title() {
    std::string done = export_menu_.draw(state_);
    ImGui::SameLine();
    std::string names;
    for (const std::string& path : state_.loaded->paths)
        names += (names.empty() ? "" : ", ") + path;
    ImGui::TextUnformatted(names.c_str());
    ImGui::SameLine();
    return done;
}

void ProfileWorkspace::update_search() {
    if (state_.search != searched_ || state_.search_is_regex != searched_regex_) {
        searched_ = state_.search;
        searched_regex_ = state_.search_is_regex;
        job_.reset(); // cancels the search before
        if (searched_.empty())
            state_.found.reset();
        else
            job_ = std::make_unique<FunctionSearchJob>(
                std::shared_ptr<const PstatsProfile>(state_.loaded, &state_.loaded->profile),
                searched_, searched_regex_);
    }
    if (job_)
        if (auto result = job_->take_result()) {
            if (*result)
                state_.found = result->value();
            job_.reset();
            if (!opened_with_search_.empty() && state_.found &&
                state_.found->text == opened_with_search_ && state_.found->ordered.empty())
                note_ = "no function matches --search '" + opened_with_search_ + "'";
            opened_with_search_.clear();
        }
}

void ProfileWorkspace::step_match(int direction) {
    if (!state_.found || state_.found->ordered.empty())
        return;
    const std::vector<FunctionId>& ordered = state_.found->ordered;
    auto at = std::find(ordered.begin(), ordered.end(), state_.selected);
    long count = long(ordered.size());
    long index = at == ordered.end() ? (direction > 0 ? -1 : 0) : long(at - ordered.begin());
    state_.select(ordered[size_t(((index + direction) % count + count) % count)]);
}

void ProfileWorkspace::draw_search() {
    if (focus_search_) {
        ImGui::SetKeyboardFocusHere();
        focus_search_ = false;
    }
    ImGui::SetNextItemWidth(300);
    if (ImGui::InputTextWithHint("##search", "search (Ctrl+F; Enter: next match)", &state_.search,
                                 ImGuiInputTextFlags_EnterReturnsTrue)) {
        // Typed fast, Enter can come before the answer for the last letters: it steps then.
        pending_step_ = ImGui::GetIO().KeyShift ? -1 : 1;
        ImGui::SetKeyboardFocusHere(-1); // stay in the box to step on
    }
    ImGui::SameLine();
    ImGui::Checkbox("regex##search", &state_.search_is_regex);
    update_search();
    if (pending_step_ != 0 && !job_) {
        step_match(pending_step_);
        pending_step_ = 0;
    }
    if (state_.search.empty())
        return;
    ImGui::SameLine();
    const FunctionSearch* found = state_.found.get();
    if (job_ || !found) {
        ImGui::TextDisabled("searching...");
        return;
    }
    if (!found->error.empty()) {
        ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", found->error.c_str());
        return;
    }
    if (found->ordered.empty()) {
        ImGui::TextColored(ImVec4(1, 0.7f, 0.4f, 1), "no function matches");
        return;
    }
    if (ImGui::ArrowButton("previous match", ImGuiDir_Left))
        step_match(-1);
    ImGui::SameLine();
    if (ImGui::ArrowButton("next match", ImGuiDir_Right))
        step_match(1);
    ImGui::SameLine();
    auto at = std::find(found->ordered.begin(), found->ordered.end(), state_.selected);
    std::string position = at == found->ordered.end()
                               ? std::string()
                               : std::to_string(at - found->ordered.begin() + 1) + " of ";
    ImGui::Text("%s%zu match%s; their own time %.1f%% of all%s", position.c_str(),
                found->ordered.size(), found->ordered.size() == 1 ? "" : "es", 100 * found->share,
                found->gave_up ? " (the pattern gave up on some names)" : "");
}

void ProfileWorkspace::draw_right_pane() {
    if (!ImGui::BeginTabBar("views"))
        return;
    for (const auto& [label, kind] : kTabs) {
        if (kind == ViewKind::Lines && !has_lines_)
            continue;
        ImGuiTabItemFlags flags =
            state_.front_changed && state_.front == kind ? ImGuiTabItemFlags_SetSelected : 0;
        if (!ImGui::BeginTabItem(label, nullptr, flags))
            continue;
        if (!state_.front_changed)
            state_.front = kind;
        switch (kind) {
        case ViewKind::Tree:
            tree_.draw(state_);
            break;
        case ViewKind::Callers:
            callers_.draw(state_);
            break;
        case ViewKind::Sandwich:
            sandwich_.draw(state_);
            break;
        case ViewKind::Details:
            details_.draw(state_);
            break;
        case ViewKind::Lines:
            lines_.draw(state_);
            break;
        default:
            flame_.draw(state_);
        }
        ImGui::EndTabItem();
    }
    state_.front_changed = false;
    ImGui::EndTabBar();
}

void ProfileWorkspace::draw() {
    float left = ImGui::GetContentRegionAvail().x * 0.48f;
    ImGui::BeginChild("left", ImVec2(left, 0), false);
    table_.draw(state_);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("right", ImVec2(0, 0), false);
    draw_right_pane();
    ImGui::EndChild();
}

} // namespace framescope
