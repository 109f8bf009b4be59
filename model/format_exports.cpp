// The exports build their documents in one pass over the tree or the rows; JSON goes through
// nlohmann::json, so names from the profiled program are escaped however odd they are.

#include "model/format_exports.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace framescope {
namespace {

// What the exports say about where the numbers came from.
struct ExportSource {
    std::string name;        // the input file(s), for the speedscope profile's name
    std::string format;      // "pstats", "callgrind", "speedscope", ... as expected.json names them
    std::string unit;        // the weights' unit: "seconds", "ns", "samples", ...
    bool attributed = false; // the tree's paths were attributed from caller edges
    // The format records every function's line (else a line of 0 is unknown) and its calls.
    bool lines_known = true;
    bool calls_known = true;
};

// Each call-tree node with own time, with its path from the root (outermost first).
template <typename Visit> void for_each_path(const CallTree& tree, Visit visit) {
    std::vector<FunctionId> path;
    for (CallNodeId id = 0; id < tree.nodes().size(); ++id) {
        const CallNode& node = tree.node(id);
        if (!(node.self_s > 0))
            continue;
        path.clear();
        for (CallNodeId at = id; at != kNoCallNode; at = tree.node(at).parent)
            path.push_back(tree.node(at).function);
        std::reverse(path.begin(), path.end());
        visit(path, node.self_s);
    }
}

std::string speedscope_unit(const std::string& unit) {
    static const std::unordered_map<std::string, std::string> units = {
        {"seconds", "seconds"},
        {"s", "seconds"},
        {"milliseconds", "milliseconds"},
        {"ms", "milliseconds"},
        {"microseconds", "microseconds"},
        {"us", "microseconds"},
        {"nanoseconds", "nanoseconds"},
        {"ns", "nanoseconds"},
        {"bytes", "bytes"}};
    auto found = units.find(unit);
    return found == units.end() ? "none" : found->second;
}

// pstats writes "~" as the file of a built-in; the other formats have no file there.
bool has_file(const PstatsProfile& p, FunctionId f) {
    return !p.file(f).empty() && p.file(f) != "~";
}

// Folded stacks split frames at ';' and the count at the last space.
std::string folded_frame(const PstatsProfile& p, FunctionId f) {
    std::string frame(p.name(f));
    if (has_file(p, f))
        frame += " (" + std::string(p.file(f)) + ":" + std::to_string(p.line(f)) + ")";
    for (char& c : frame)
        if (c == ';' || c == '\n' || c == '\r')
            c = c == ';' ? ',' : ' ';
    return frame;
}

ExportSource export_source_of(const LoadedProfile& loaded) {
    std::string name;
    for (const std::string& path : loaded.paths)
        name += (name.empty() ? "" : " + ") + path;
    ProfileFormat f = loaded.format;
    bool rows = f == ProfileFormat::pstats || f == ProfileFormat::callgrind;
    return ExportSource{name,
                        profile_format_key(f),
                        loaded.unit,
                        !loaded.exact_paths,
                        rows || f == ProfileFormat::lprof,
                        rows};
}

} // namespace

double collapsed_scale(const std::string& unit) {
    return unit == "seconds" ? 1e6 : 1;
}

std::string speedscope_export(const LoadedProfile& loaded) {
    const PstatsProfile& p = loaded.profile;
    ExportSource source = export_source_of(loaded);
    nlohmann::ordered_json frames = nlohmann::ordered_json::array();
    std::unordered_map<FunctionId, size_t> frame_of;
    nlohmann::ordered_json samples = nlohmann::ordered_json::array(),
                           weights = nlohmann::ordered_json::array();
    double total = 0;
    for_each_path(loaded.tree, [&](const std::vector<FunctionId>& path, double weight) {
        nlohmann::ordered_json stack = nlohmann::ordered_json::array();
        for (FunctionId f : path) {
            auto [it, added] = frame_of.try_emplace(f, frame_of.size());
            if (added) {
                nlohmann::ordered_json frame = {{"name", p.name(f)}};
                if (has_file(p, f))
                    frame["file"] = p.file(f);
                if (source.lines_known || p.line(f) > 0)
                    frame["line"] = p.line(f);
                frames.push_back(std::move(frame));
            }
            stack.push_back(it->second);
        }
        samples.push_back(std::move(stack));
        weights.push_back(weight);
        total += weight;
    });
    if (loaded.frameless_weight > 0) {
        samples.push_back(nlohmann::ordered_json::array());
        weights.push_back(loaded.frameless_weight);
        total += loaded.frameless_weight;
    }
    std::string how = source.attributed ? "call paths attributed from " + source.format +
                                              " caller edges, not recorded"
                                        : "call paths as recorded";
    nlohmann::ordered_json doc = {{"$schema", "https://www.speedscope.app/file-format-schema.json"},
                                  {"name", source.name + " (" + how + ")"},
                                  {"exporter", "framescope (" + source.format + "; " + how + ")"},
                                  {"activeProfileIndex", 0},
                                  {"shared", {{"frames", std::move(frames)}}},
                                  {"profiles",
                                   {{{"type", "sampled"},
                                     {"name", source.name},
                                     {"unit", speedscope_unit(source.unit)},
                                     {"startValue", 0},
                                     {"endValue", total},
                                     {"samples", std::move(samples)},
                                     {"weights", std::move(weights)}}}}};
    return doc.dump() + "\n";
}

std::string collapsed_export(const LoadedProfile& loaded) {
    const PstatsProfile& p = loaded.profile;
    double scale = collapsed_scale(loaded.unit);
    std::string out;
    if (auto frameless = int64_t(std::llround(loaded.frameless_weight * scale)); frameless > 0)
        out += " " + std::to_string(frameless) + "\n";
    for_each_path(loaded.tree, [&](const std::vector<FunctionId>& path, double weight) {
        auto count = int64_t(std::llround(weight * scale));
        if (count <= 0)
            return;
        for (size_t i = 0; i < path.size(); ++i)
            out += (i ? ";" : "") + folded_frame(p, path[i]);
        out += " " + std::to_string(count) + "\n";
    });
    return out;
}

std::string callgrind_export(const LoadedProfile& loaded) {
    const PstatsProfile& p = loaded.profile;
    ExportSource source = export_source_of(loaded);
    bool seconds = source.unit == "seconds";
    double scale = seconds ? 1e9 : 1;
    auto cost = [&](double value) { return std::to_string(int64_t(std::llround(value * scale))); };
    std::unordered_map<StringId, size_t> file_ids, name_ids;
    // Name compression: "(id) name" the first time, "(id)" after.
    auto compressed = [](std::unordered_map<StringId, size_t>& ids, StringId s,
                         std::string_view text) {
        auto [it, added] = ids.try_emplace(s, ids.size() + 1);
        std::string id = "(" + std::to_string(it->second) + ")";
        return added ? id + " " + std::string(text) : id;
    };
    auto file_of = [&](FunctionId f) { return compressed(file_ids, p.keys[f].file, p.file(f)); };
    auto name_of = [&](FunctionId f) { return compressed(name_ids, p.keys[f].name, p.name(f)); };
    CalleeLists callees(p);
    std::string out = "# callgrind format\nversion: 1\ncreator: framescope (from " + source.format +
                      ")\npositions: line\nevents: " + (seconds ? std::string("ns") : source.unit) +
                      "\nsummary: " + cost(p.total_self_s) + "\n";
    for (FunctionId f = 0; f < p.keys.size(); ++f) {
        bool has_stats = f < p.function_count;
        if (!has_stats && callees[f].empty())
            continue;
        out += "\nfl=" + file_of(f) + "\nfn=" + name_of(f) + "\n";
        out += std::to_string(p.line(f)) + " " + cost(has_stats ? p.self_s[f] : 0) + "\n";
        for (const CalleeEdgeRef& c : callees[f]) {
            out += "cfl=" + file_of(c.callee) + "\ncfn=" + name_of(c.callee) + "\n";
            out += "calls=" + std::to_string(c.edge->calls) + " " +
                   std::to_string(p.line(c.callee)) + "\n" + std::to_string(p.line(f)) + " " +
                   cost(c.edge->cumulative_s) + "\n";
        }
    }
    return out;
}

std::string json_export(const LoadedProfile& loaded) {
    const PstatsProfile& p = loaded.profile;
    ExportSource source = export_source_of(loaded);
    std::vector<FunctionId> order(p.function_count);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](FunctionId a, FunctionId b) { return p.self_s[a] > p.self_s[b]; });
    nlohmann::ordered_json functions = nlohmann::ordered_json::array();
    for (FunctionId f : order) {
        functions.push_back(
            {{"function", p.name(f)},
             {"file",
              has_file(p, f) ? nlohmann::ordered_json(p.file(f)) : nlohmann::ordered_json()},
             {"line", source.lines_known || p.line(f) > 0 ? nlohmann::ordered_json(p.line(f))
                                                          : nlohmann::ordered_json()},
             {"self", p.self_s[f]},
             {"total", p.cumulative_s[f]},
             {"calls",
              source.calls_known ? nlohmann::ordered_json(p.calls[f]) : nlohmann::ordered_json()}});
    }
    nlohmann::ordered_json doc = {{"format", source.format},
                                  {"unit", source.unit},
                                  {"total", loaded.total()},
                                  {"functions", std::move(functions)}};
    return doc.dump(1) + "\n";
}

} // namespace framescope
