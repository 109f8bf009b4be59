// OpenDialog: a modal popup listing the folder (folders first, then files), plus the recent
// files; double-click or Enter opens.

#include "viewer/views/open_dialog.h"

#include <algorithm>
#include <fstream>

#include <imgui.h>

namespace framescope {

constexpr size_t kRecentFiles = 12;

OpenDialog::OpenDialog(std::filesystem::path recent_list) : recent_list_(std::move(recent_list)) {
    std::ifstream in(recent_list_);
    for (std::string line; std::getline(in, line) && recent_.size() < kRecentFiles;)
        if (!line.empty())
            recent_.push_back(line);
}

void OpenDialog::open() {
    opening_ = true;
    listed_folder_.clear(); // read the folder again: it may have changed since
}

// Reads the folder once, not every frame: folders first, then files, by name.
void OpenDialog::list_folder() {
    entries_.clear();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder_, ec))
        entries_.push_back(entry);
    std::sort(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
        if (a.is_directory() != b.is_directory())
            return a.is_directory();
        return a.path().filename() < b.path().filename();
    });
    listed_folder_ = folder_;
}

void OpenDialog::remember(const std::vector<std::string>& paths) {
    for (auto it = paths.rbegin(); it != paths.rend(); ++it) {
        std::error_code ec;
        std::string absolute = std::filesystem::absolute(*it, ec).string();
        std::erase(recent_, absolute);
        recent_.insert(recent_.begin(), absolute);
    }
    if (recent_.size() > kRecentFiles)
        recent_.resize(kRecentFiles);
    if (recent_list_.empty())
        return;
    std::ofstream out(recent_list_);
    for (const std::string& path : recent_)
        out << path << '\n';
}

std::vector<std::string> OpenDialog::draw() {
    if (opening_) {
        ImGui::OpenPopup("Open");
        opening_ = false;
    }
    std::vector<std::string> chosen;
    ImGui::SetNextWindowSize(ImVec2(720, 480), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Open"))
        return chosen;
    ImGui::TextUnformatted(folder_.string().c_str());
    if (ImGui::BeginChild("entries", ImVec2(0, -ImGui::GetTextLineHeightWithSpacing() * 8))) {
        if (folder_.has_parent_path() && folder_ != folder_.root_path() &&
            ImGui::Selectable("../", false, ImGuiSelectableFlags_AllowDoubleClick) &&
            ImGui::IsMouseDoubleClicked(0))
            folder_ = folder_.parent_path();
        if (listed_folder_ != folder_)
            list_folder();
        for (const auto& entry : entries_) {
            std::string name = entry.path().filename().string() + (entry.is_directory() ? "/" : "");
            if (ImGui::Selectable(name.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick) &&
                ImGui::IsMouseDoubleClicked(0)) {
                if (entry.is_directory())
                    folder_ = entry.path();
                else
                    chosen.push_back(entry.path().string());
            }
        }
    }
    ImGui::EndChild();
    ImGui::TextDisabled("Recent");
    for (const std::string& path : recent_)
        if (ImGui::Selectable(path.c_str()))
            chosen.push_back(path);
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) ||
        !chosen.empty())
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return chosen;
}

} // namespace framescope
