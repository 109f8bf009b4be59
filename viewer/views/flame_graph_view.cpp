// FlameGraphView: instances are rebuilt when the profile, the search or the selection changes;
// moving the view only changes uniforms. Hit tests and labels use the tree's level ranges,
// which are sorted by start, so both cost a binary search per row.

#include "viewer/views/flame_graph_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

namespace framescope {
namespace {

constexpr float kRowHeightPx = 18.f;
constexpr float kOverviewHeightPx = 10.f;
constexpr uint32_t kBackground = 0xff201c1c; // ImGui's ABGR: a dark grey

// flamegraph.pl's warm palette, seeded by the file so one module keeps one family of colours.
uint32_t warm_colour(std::string_view file, std::string_view name) {
    uint64_t h = 1469598103934665603ull;
    for (char c : file)
        h = (h ^ uint8_t(c)) * 1099511628211ull;
    uint64_t g = h;
    for (char c : name)
        g = (g ^ uint8_t(c)) * 1099511628211ull;
    uint32_t r = 205 + uint32_t(h % 50), green = 60 + uint32_t((g >> 8) % 150),
             b = uint32_t((g >> 16) % 55);
    return 0xff000000u | b << 16 | green << 8 | r;
}

} // namespace

void FlameGraphView::upload(const ViewerState& state, const CallTree& tree) {
    const PstatsProfile& p = state.loaded->profile;
    if (uploaded_ != state.loaded.get() || uploaded_tree_ != &tree) {
        layout_.emplace(tree);
        scroll_px_ = 0;
        viewport_ = {};
    }
    const FunctionSearch* search = state.found.get();
    bool searching = search && !search->matches_all();

    std::vector<RectInstance> instances;
    instances.reserve(tree.nodes().size());
    double total = tree.total_s() > 0 ? tree.total_s() : 1;
    for (const CallNode& node : tree.nodes()) {
        uint32_t colour = state.overlay ? state.overlay->colours[node.function]
                                        : warm_colour(p.file(node.function), p.name(node.function));
        if (searching && !search->match(node.function))
            colour = 0xff5a5a5a;
        if (node.function == state.selected && !state.overlay)
            colour = 0xffe0a040; // a blue that stands out of the warm palette (an overlay's
                                 // colours carry meaning, so they stay)
        instances.push_back({float(node.start_s / total),
                             float((node.start_s + node.inclusive_s) / total), float(node.depth),
                             colour});
    }
    renderer_.upload(instances);
    uploaded_ = state.loaded.get();
    uploaded_tree_ = &tree;
    uploaded_search_ = search;
    marked_px_.clear(); // the overview's marks follow the matches
    uploaded_selection_ = state.selected;
    uploaded_overlay_ = state.overlay.get();
}

void FlameGraphView::draw(ViewerState& state, const CallTree* shown) {
    const CallTree& tree = shown ? *shown : state.tree();
    const PstatsProfile& p = state.loaded->profile;
    if (uploaded_ != state.loaded.get() || uploaded_tree_ != &tree ||
        uploaded_search_ != state.found.get() || uploaded_selection_ != state.selected ||
        uploaded_overlay_ != state.overlay.get())
        upload(state, tree);

    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float width = std::max(avail.x, 1.f);

    // Overview strip: the whole axis, with the view's window and the search matches.
    ImVec2 strip_end(origin.x + width, origin.y + kOverviewHeightPx);
    draw->AddRectFilled(origin, strip_end, IM_COL32(50, 50, 55, 255));
    if (const FunctionSearch* search = state.found.get(); search && !search->matches_all()) {
        // The marks depend on the search and the strip's width only: computed when they change.
        if (marked_px_.size() != size_t(width) + 1) {
            marked_px_.assign(size_t(width) + 1, false);
            for (const CallNode& node : tree.nodes())
                if (search->match(node.function))
                    marked_px_[size_t(node.start_s / tree.total_s() * (width - 1))] = true;
        }
        for (size_t x = 0; x < marked_px_.size(); ++x)
            if (marked_px_[x])
                draw->AddRectFilled(ImVec2(origin.x + float(x), origin.y),
                                    ImVec2(origin.x + float(x) + 1, strip_end.y),
                                    IM_COL32(255, 210, 60, 255));
    }
    draw->AddRect(ImVec2(origin.x + float(viewport_.start) * width, origin.y),
                  ImVec2(origin.x + float(viewport_.end) * width, strip_end.y),
                  IM_COL32(255, 255, 255, 200));
    ImGui::Dummy(ImVec2(width, kOverviewHeightPx + 2));

    ImVec2 graph = ImGui::GetCursorScreenPos();
    float height = std::max(ImGui::GetContentRegionAvail().y, 1.f);
    RectView view{viewport_.start, viewport_.end, kRowHeightPx, scroll_px_};
    GLuint texture = renderer_.render(int(width), int(height), view, kBackground);
    // GL textures start at the bottom row: flip them for ImGui.
    ImGui::Image(reinterpret_cast<ImTextureID>(uintptr_t(texture)), ImVec2(width, height),
                 ImVec2(0, 1), ImVec2(1, 0));
    bool hovered = ImGui::IsItemHovered();

    // Labels where they fit, clipped to their node.
    double span = viewport_.end - viewport_.start;
    double total = tree.total_s() > 0 ? tree.total_s() : 1;
    layout_->visible_labels(viewport_, width, height, scroll_px_, kRowHeightPx, 40, labels_);
    draw->PushClipRect(graph, ImVec2(graph.x + width, graph.y + height), true);
    for (const FlameLabel& label : labels_) {
        float left = graph.x + label.left_px + 3;
        float top = graph.y + float(label.row) * kRowHeightPx - scroll_px_ + 2;
        std::string name(p.name(tree.node(label.node).function));
        ImVec4 clip(left, top, graph.x + label.right_px - 2, top + kRowHeightPx);
        draw->AddText(nullptr, 0, ImVec2(left, top), IM_COL32(20, 20, 20, 255), name.c_str(),
                      nullptr, 0, &clip);
    }
    draw->PopClipRect();

    if (!hovered)
        return;
    ImGuiIO& io = ImGui::GetIO();
    double mouse_x = (io.MousePos.x - graph.x) / width;
    double axis_x = viewport_.start + mouse_x * span;
    int row = int((io.MousePos.y - graph.y + scroll_px_) / kRowHeightPx);
    CallNodeId hit = layout_->node_at(axis_x, row);
    // Keys while the pointer is over the graph: + and - zoom around it, arrows pan.
    if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD))
        viewport_.zoom(1.5, mouse_x);
    if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT))
        viewport_.zoom(1 / 1.5, mouse_x);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)))
        viewport_.pan(-0.1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow)))
        viewport_.pan(0.1);
    if (io.MouseWheel != 0) {
        if (io.KeyShift)
            scroll_px_ = std::max(0.f, scroll_px_ - io.MouseWheel * kRowHeightPx * 3);
        else
            viewport_.zoom(std::pow(1.25, double(io.MouseWheel)), mouse_x);
    }
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        viewport_.pan(-double(io.MouseDelta.x) / width);
        scroll_px_ = std::max(0.f, scroll_px_ - io.MouseDelta.y);
    }
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && hit == kNoCallNode) {
        viewport_ = {};
    } else if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
               ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0).x == 0 && hit != kNoCallNode) {
        const CallNode& node = tree.node(hit);
        state.select(node.function);
        viewport_.show(node.start_s / total, (node.start_s + node.inclusive_s) / total);
    }
    if (hit != kNoCallNode) {
        const CallNode& node = tree.node(hit);
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(
            state.loaded->names.label(p, node.function, state.strip_dirs).c_str());
        ImGui::TextDisabled("%s", function_label(p, node.function).c_str());
        ImGui::Text("%s (%.1f%% of all), own %s, %.0f calls on this path",
                    state.weight(node.inclusive_s).c_str(), 100.0 * node.inclusive_s / total,
                    state.weight(node.self_s).c_str(), node.calls);
        if (state.overlay && !state.overlay->notes[node.function].empty())
            ImGui::TextUnformatted(state.overlay->notes[node.function].c_str());
        ImGui::EndTooltip();
    }
}

} // namespace framescope
