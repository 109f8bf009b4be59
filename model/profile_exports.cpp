// The exports write plain strings; the SVG escapes every label, since function names come
// from the profiled program (lambdas and comprehensions have <angle brackets>).

#include "model/profile_exports.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "model/frame_function.h"

namespace framescope {
namespace {

std::string format(const char* pattern, double a, double b, double c) {
    char buf[96];
    std::snprintf(buf, sizeof buf, pattern, a, b, c);
    return buf;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// Markdown table cells must not contain a bare '|'.
std::string cell(std::string_view text) {
    std::string out;
    for (char c : text)
        out += c == '|' ? std::string("\\|") : std::string(1, c);
    return "`" + out + "`";
}

void append_subtree(std::string& out, const PstatsProfile& profile, const CallTree& tree,
                    CallNodeId id, uint32_t base_depth, uint32_t max_depth) {
    const CallNode& node = tree.node(id);
    uint32_t level = node.depth - base_depth;
    double share = tree.total_s() > 0 ? 100.0 * node.inclusive_s / tree.total_s() : 0;
    out += format("%6.2f%%  %10.6f s  %10.6f s  ", share, node.inclusive_s, node.self_s);
    out.append(2 * size_t(level), ' ');
    out += function_label(profile, node.function) + "\n";
    if (level >= max_depth)
        return;
    for (uint32_t i = 0; i < node.child_count; ++i)
        append_subtree(out, profile, tree, node.first_child + i, base_depth, max_depth);
}

std::string path_of(const PstatsProfile& profile, const CallTree& tree, CallNodeId id) {
    std::vector<std::string> names;
    for (CallNodeId n = id; n != kNoCallNode; n = tree.node(n).parent)
        names.push_back(std::string(profile.name(tree.node(n).function)));
    std::string path;
    for (auto it = names.rbegin(); it != names.rend(); ++it)
        path += (path.empty() ? "" : " → ") + *it;
    return path;
}

} // namespace

std::string call_tree_text(const PstatsProfile& profile, const CallTree& tree, CallNodeId root,
                           uint32_t max_depth) {
    std::string out = "  share   inclusive      own        function\n";
    if (root != kNoCallNode) {
        append_subtree(out, profile, tree, root, tree.node(root).depth, max_depth);
        return out;
    }
    for (CallNodeId r : tree.roots())
        append_subtree(out, profile, tree, r, 0, max_depth);
    return out;
}

std::string findings_markdown(const PstatsProfile& profile, const CallTree& tree, size_t rows,
                              const FrameBudget* frames) {
    double frame_count = frames ? frames_of(profile, frames->function) : 0;
    std::string out = "# Profile findings\n\n";
    for (const ProfileSource& source : profile.sources)
        out += "- `" + source.path + "`\n";
    out +=
        format("- %.0f function calls (%.0f primitive) in %.3f seconds\n\n",
               double(profile.total_calls), double(profile.total_prim_calls), profile.total_self_s);
    if (frames)
        out += "- per frame of `" + std::string(profile.name(frames->function)) + "`" +
               format(": %.0f frames, against a budget of %.1f ms\n\n", frame_count,
                      frames->budget_ms, 0);

    std::vector<FunctionId> ids(profile.function_count);
    std::iota(ids.begin(), ids.end(), FunctionId(0));
    auto table = [&](const char* title, const std::vector<double>& key) {
        std::vector<FunctionId> top = ids;
        std::stable_sort(top.begin(), top.end(),
                         [&](FunctionId a, FunctionId b) { return key[a] > key[b]; });
        top.resize(std::min(rows, top.size()));
        out += std::string("## ") + title + "\n\n| own s | cumulative s | calls | " +
               (frames ? "ms per frame | budget | " : "") + "function |\n|---:|---:|---:|" +
               (frames ? "---:|---:|" : "") + "---|\n";
        for (FunctionId f : top) {
            out += format("| %.3f | %.3f | %.0f ", profile.self_s[f], profile.cumulative_s[f],
                          double(profile.calls[f]));
            if (frames) {
                double ms = ms_per_frame(profile.cumulative_s[f], frame_count);
                out += format("| %.3f | %.1f%% ", ms, 100 * ms / frames->budget_ms, 0);
            }
            out += "| " + cell(function_label(profile, f)) + " |\n";
        }
        out += "\n";
    };
    table("Hottest functions by own time", profile.self_s);
    table("Hottest functions by cumulative time", profile.cumulative_s);

    // Hottest paths: the nodes with the most own time, with the path that leads to them.
    std::vector<CallNodeId> nodes(tree.nodes().size());
    std::iota(nodes.begin(), nodes.end(), CallNodeId(0));
    std::stable_sort(nodes.begin(), nodes.end(), [&](CallNodeId a, CallNodeId b) {
        return tree.node(a).self_s > tree.node(b).self_s;
    });
    nodes.resize(std::min(rows, nodes.size()));
    out += "## Hottest paths\n\nPaths are attributed from pstats' per-caller totals.\n\n"
           "| own s | share | path |\n|---:|---:|---|\n";
    for (CallNodeId n : nodes)
        out += format("| %.3f | %.1f%% ", tree.node(n).self_s,
                      tree.total_s() > 0 ? 100.0 * tree.node(n).self_s / tree.total_s() : 0, 0) +
               "| " + cell(path_of(profile, tree, n)) + " |\n";
    return out;
}

std::string flame_graph_svg(const PstatsProfile& profile, const CallTree& tree, int width_px) {
    const int row_px = 16, margin_px = 10;
    int height_px = int(tree.max_depth() + 1) * row_px + 2 * margin_px + 20;
    double scale = tree.total_s() > 0 ? (width_px - 2 * margin_px) / tree.total_s() : 0;
    std::string out;
    out += "<?xml version=\"1.0\" standalone=\"no\"?>\n";
    out += "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
           std::to_string(width_px) + "\" height=\"" + std::to_string(height_px) +
           "\" font-family=\"Verdana\" font-size=\"11\">\n";
    out += "<rect width=\"100%\" height=\"100%\" fill=\"#f8f8f0\"/>\n";
    out += "<text x=\"" + std::to_string(margin_px) + "\" y=\"16\">Flame graph: " +
           xml_escape(profile.sources.empty() ? "" : profile.sources.front().path) +
           " (call paths attributed from pstats' per-caller totals)</text>\n";
    for (const CallNode& node : tree.nodes()) {
        double x = margin_px + node.start_s * scale, w = node.inclusive_s * scale;
        if (w < 0.1)
            continue; // narrower than anything a browser draws
        int y = height_px - margin_px - int(node.depth + 1) * row_px;
        std::string label = function_label(profile, node.function);
        double share = 100.0 * node.inclusive_s / tree.total_s();
        unsigned hash = 2166136261u;
        for (char c : profile.file(node.function))
            hash = (hash ^ uint8_t(c)) * 16777619u;
        char colour[32];
        std::snprintf(colour, sizeof colour, "rgb(%u,%u,%u)", 205 + hash % 50,
                      60 + (hash >> 8) % 150, (hash >> 16) % 55);
        char rect[192];
        std::snprintf(rect, sizeof rect,
                      " (%.6f s, %.2f%%)</title><rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" "
                      "height=\"%d\" fill=\"%s\" rx=\"2\"/>",
                      node.inclusive_s, share, x, y, w, row_px - 1, colour);
        out += "<g><title>" + xml_escape(label) + rect;
        size_t fits = size_t(w / 7); // about 7 px a character at 11 px Verdana
        if (fits >= 4) {
            std::string name(profile.name(node.function));
            if (name.size() > fits)
                name = name.substr(0, fits - 2) + "..";
            char text[96];
            std::snprintf(text, sizeof text, "<text x=\"%.2f\" y=\"%d\">", x + 3, y + row_px - 4);
            out += text + xml_escape(name) + "</text>";
        }
        out += "</g>\n";
    }
    out += "</svg>\n";
    return out;
}

} // namespace framescope
