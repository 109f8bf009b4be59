// FlameGraphView: instances are rebuilt when the profile, the search or the selection changes;
// moving the view only changes uniforms. Hit tests and labels use the tree's level ranges,
// which are sorted by start, so both cost a binary search per row.

#include "viewer/views/flame_graph_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

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

void FlameViewport::zoom(double factor, double anchor) {
    double width = end - start;
    double new_width = std::clamp(width / factor, kMinWidth, 1.0);
    double at = start + anchor * width;
    start = at - anchor * new_width;
    end = start + new_width;
    pan(0);
}

void FlameViewport::pan(double fraction_of_view) {
    double width = end - start;
    start = std::clamp(start + fraction_of_view * width, 0.0, 1.0 - width);
    end = start + width;
}

void FlameViewport::show(double from, double to) {
    double width = std::max(to - from, kMinWidth);
    double margin = width * 0.02;
    start = std::max(0.0, from - margin);
    end = std::min(1.0, from + width + margin);
}

void FlameGraphView::upload(const ViewerState& state) {
    const CallTree& tree = state.loaded->tree;
    const PstatsProfile& p = state.loaded->profile;
    if (uploaded_ != state.loaded.get()) {
        level_begin_.assign(tree.max_depth() + 2, uint32_t(tree.nodes().size()));
        for (CallNodeId n = uint32_t(tree.nodes().size()); n-- > 0;)
            level_begin_[tree.node(n).depth] = n;
        scroll_px_ = 0;
        viewport_ = {};
    }
    matches_.assign(p.keys.size(), false);
    if (!state.search.empty())
        for (FunctionId f = 0; f < p.keys.size(); ++f)
            matches_[f] = function_label(p, f).find(state.search) != std::string::npos;

    std::vector<RectInstance> instances;
    instances.reserve(tree.nodes().size());
    double total = tree.total_s() > 0 ? tree.total_s() : 1;
    for (const CallNode& node : tree.nodes()) {
        uint32_t colour = warm_colour(p.file(node.function), p.name(node.function));
        if (!state.search.empty() && !matches_[node.function])
            colour = 0xff5a5a5a;
        if (node.function == state.selected)
            colour = 0xffe0a040; // a blue that stands out of the warm palette
        instances.push_back({float(node.start_s / total),
                             float((node.start_s + node.inclusive_s) / total), float(node.depth),
                             colour});
    }
    renderer_.upload(instances);
    uploaded_ = state.loaded.get();
    uploaded_search_ = state.search;
    uploaded_selection_ = state.selected;
}

CallNodeId FlameGraphView::node_at(const CallTree& tree, double x, int depth) const {
    if (depth < 0 || size_t(depth) + 1 >= level_begin_.size())
        return kNoCallNode;
    double total = tree.total_s();
    const CallNode* first = tree.nodes().data() + level_begin_[size_t(depth)];
    const CallNode* last = tree.nodes().data() + level_begin_[size_t(depth) + 1];
    // The last node starting at or before x.
    const CallNode* it = std::upper_bound(
        first, last, x * total, [](double v, const CallNode& n) { return v < n.start_s; });
    if (it == first)
        return kNoCallNode;
    --it;
    return x * total < it->start_s + it->inclusive_s ? CallNodeId(it - tree.nodes().data())
                                                     : kNoCallNode;
}

void FlameGraphView::draw(ViewerState& state) {
    const CallTree& tree = state.loaded->tree;
    const PstatsProfile& p = state.loaded->profile;
    if (uploaded_ != state.loaded.get() || uploaded_search_ != state.search ||
        uploaded_selection_ != state.selected)
        upload(state);

    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float width = std::max(avail.x, 1.f);

    // Overview strip: the whole axis, with the view's window and the search matches.
    ImVec2 strip_end(origin.x + width, origin.y + kOverviewHeightPx);
    draw->AddRectFilled(origin, strip_end, IM_COL32(50, 50, 55, 255));
    if (!state.search.empty()) {
        std::vector<bool> marked(size_t(width) + 1, false);
        for (const CallNode& node : tree.nodes())
            if (matches_[node.function])
                marked[size_t(node.start_s / tree.total_s() * (width - 1))] = true;
        for (size_t x = 0; x < marked.size(); ++x)
            if (marked[x])
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
    int first_row = int(scroll_px_ / kRowHeightPx);
    int last_row = int((scroll_px_ + height) / kRowHeightPx);
    draw->PushClipRect(graph, ImVec2(graph.x + width, graph.y + height), true);
    for (int row = first_row; row <= last_row && size_t(row) + 1 < level_begin_.size(); ++row) {
        CallNodeId n = node_at(tree, viewport_.start, row);
        if (n == kNoCallNode)
            n = level_begin_[size_t(row)];
        for (; n < level_begin_[size_t(row) + 1]; ++n) {
            const CallNode& node = tree.node(n);
            double x0 = (node.start_s / total - viewport_.start) / span * width;
            double x1 =
                ((node.start_s + node.inclusive_s) / total - viewport_.start) / span * width;
            if (x0 > width)
                break;
            if (x1 - x0 < 40 || x1 < 0)
                continue;
            float left = graph.x + float(std::max(x0, 0.0)) + 3;
            float top = graph.y + float(row) * kRowHeightPx - scroll_px_ + 2;
            std::string label(p.name(node.function));
            ImVec4 clip(left, top, graph.x + float(std::min(x1, double(width))) - 2,
                        top + kRowHeightPx);
            draw->AddText(nullptr, 0, ImVec2(left, top), IM_COL32(20, 20, 20, 255), label.c_str(),
                          nullptr, 0, &clip);
        }
    }
    draw->PopClipRect();

    if (!hovered)
        return;
    ImGuiIO& io = ImGui::GetIO();
    double mouse_x = (io.MousePos.x - graph.x) / width;
    double axis_x = viewport_.start + mouse_x * span;
    int row = int((io.MousePos.y - graph.y + scroll_px_) / kRowHeightPx);
    CallNodeId hit = node_at(tree, axis_x, row);
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
        ImGui::TextUnformatted(function_label(p, node.function).c_str());
        ImGui::Text("%.3f s (%.1f%% of all), own %.3f s, %.0f calls on this path", node.inclusive_s,
                    100.0 * node.inclusive_s / total, node.self_s, node.calls);
        ImGui::EndTooltip();
    }
}

} // namespace framescope
