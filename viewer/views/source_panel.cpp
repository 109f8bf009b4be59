#include "viewer/views/source_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace framescope {

void SourcePanel::show(const std::string& file, uint32_t line) {
    if (file == file_ && line == line_ && (source_ || reading_))
        return;
    file_ = file;
    line_ = line;
    read();
}

void SourcePanel::read() {
    source_.reset();
    reading_ = std::make_unique<BackgroundJob<SourceExcerpt>>(
        [file = file_, line = line_, mappings = mappings_](LoadProgress&) {
            return read_source(file, line, mappings);
        });
}

void SourcePanel::draw() {
    if (reading_)
        if (auto result = reading_->take_result()) {
            source_ = std::move(*result);
            reading_.reset();
        }
    if (!source_) {
        ImGui::TextDisabled("reading the source...");
    } else if (!*source_) {
        ImGui::TextDisabled("%s", source_->error().to_string().c_str());
    } else {
        const SourceExcerpt& excerpt = source_->value();
        ImGui::TextDisabled("%s", excerpt.path.c_str());
        ImGui::BeginChild("source", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()), true,
                          ImGuiWindowFlags_HorizontalScrollbar);
        for (size_t i = 0; i < excerpt.lines.size(); ++i) {
            uint32_t number = excerpt.first_line + uint32_t(i);
            ImGui::TextDisabled("%5u", number);
            ImGui::SameLine();
            if (number == excerpt.marked_line)
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
    if (ImGui::Button("Map") && !recorded_prefix_.empty()) {
        mappings_.push_back({recorded_prefix_, local_prefix_});
        if (!file_.empty())
            read();
    }
}

} // namespace framescope
