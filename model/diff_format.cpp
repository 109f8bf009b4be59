#include "model/diff_format.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "model/frame_function.h"

namespace framescope {
namespace {

using Json = nlohmann::ordered_json;

std::string calls_text(const SideFigures& side) {
    return side.calls == side.prim_calls
               ? std::to_string(side.calls)
               : std::to_string(side.calls) + "/" + std::to_string(side.prim_calls);
}

std::string relative_text(const DiffRow& row) {
    if (row.match == MatchRule::only_b)
        return "new";
    if (row.match == MatchRule::only_a)
        return "gone";
    char text[32];
    std::snprintf(text, sizeof text, "%+.0f%%", row.relative_cumtime * 100);
    return text;
}

std::string header_text(const PstatsProfile& a, const PstatsProfile& b, const ProfileDiff& diff) {
    char text[256];
    std::snprintf(text, sizeof text, "A: %.3f s in %zu functions; B: %.3f s in %zu functions%s\n",
                  diff.total_a_s, a.function_count, diff.total_b_s, b.function_count,
                  diff.b_scale != 1 ? " (B's times scaled to A's total)" : "");
    return text;
}

Json side_json(const SideFigures& side, bool present) {
    if (!present)
        return nullptr;
    return {{"ncalls", side.calls},
            {"primitive_calls", side.prim_calls},
            {"tottime", side.tottime},
            {"cumtime", side.cumtime}};
}

} // namespace

std::string diff_row_label(const PstatsProfile& a, const PstatsProfile& b, const DiffRow& row) {
    return row.b != kNoMatch ? function_label(b, row.b) : function_label(a, row.a);
}

std::string format_diff(const PstatsProfile& a, const PstatsProfile& b, const ProfileDiff& diff,
                        std::span<const DiffRow> rows, FindingsFormat format,
                        const DiffFrames* frames) {
    // A's side per A's frame against B's per B's (B's already scaled where normalised).
    auto per_frame = [&](const DiffRow& row) {
        return ms_per_frame(row.in_b.cumtime, frames->frames_b) -
               ms_per_frame(row.in_a.cumtime, frames->frames_a);
    };
    if (format == FindingsFormat::json) {
        Json array = Json::array();
        for (const DiffRow& row : rows) {
            const PstatsProfile& side = row.b != kNoMatch ? b : a;
            FunctionId f = row.b != kNoMatch ? row.b : row.a;
            array.push_back(
                {{"file", std::string(side.file(f))},
                 {"line", side.line(f)},
                 {"function", std::string(side.name(f))},
                 {"a", side_json(row.in_a, row.a != kNoMatch)},
                 {"b", side_json(row.in_b, row.b != kNoMatch)},
                 {"delta_tottime", row.delta_tottime},
                 {"delta_cumtime", row.delta_cumtime},
                 {"relative_cumtime",
                  std::isinf(row.relative_cumtime) ? Json() : Json(row.relative_cumtime)},
                 {"match", to_string(row.match)}});
            if (frames)
                array.back()["delta_ms_per_frame"] = per_frame(row);
        }
        return array.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    }
    bool markdown = format == FindingsFormat::markdown;
    std::string out = header_text(a, b, diff);
    if (frames) {
        char text[256];
        std::snprintf(text, sizeof text, "Per frame of %s: A %.0f frames, B %.0f frames\n",
                      frames->function.c_str(), frames->frames_a, frames->frames_b);
        out += text;
    }
    out += markdown
               ? std::string("\n| delta tottime | delta cumtime | change | A tottime | "
                             "B tottime | A cumtime | B cumtime | A calls | B calls | "
                             "match | function |") +
                     (frames ? " per frame |\n" : "\n") +
                     "|---|---|---|---|---|---|---|---|---|---|---|" + (frames ? "---|\n" : "\n")
               : "\n   Δtottime   Δcumtime  change  A tottime  B tottime  A cumtime  B "
                 "cumtime   A calls   "
                 "B calls  match           function\n";
    for (const DiffRow& row : rows) {
        char line[512];
        std::string label = diff_row_label(a, b, row);
        if (markdown)
            std::snprintf(
                line, sizeof line,
                "| %+.3f | %+.3f | %s | %.3f | %.3f | %.3f | %.3f | %s | %s | %s | `%s` |\n",
                row.delta_tottime, row.delta_cumtime, relative_text(row).c_str(), row.in_a.tottime,
                row.in_b.tottime, row.in_a.cumtime, row.in_b.cumtime, calls_text(row.in_a).c_str(),
                calls_text(row.in_b).c_str(), to_string(row.match), label.c_str());
        else
            std::snprintf(line, sizeof line,
                          "%+11.3f %+10.3f %7s %10.3f %10.3f %10.3f %10.3f %9s %9s  %-15s %s\n",
                          row.delta_tottime, row.delta_cumtime, relative_text(row).c_str(),
                          row.in_a.tottime, row.in_b.tottime, row.in_a.cumtime, row.in_b.cumtime,
                          calls_text(row.in_a).c_str(), calls_text(row.in_b).c_str(),
                          to_string(row.match), label.c_str());
        out += line;
        if (frames) { // the change a frame budget feels, at the row's end
            char change[64];
            std::snprintf(change, sizeof change,
                          markdown ? " %+.3f ms per frame |\n" : "  %+.3f ms per frame\n",
                          per_frame(row));
            out.pop_back(); // the row's line break
            out += change;
        }
    }
    return out;
}

} // namespace framescope
