// function_lines and line_profile_text. The function's block ends, as Python's
// inspect.getblock ends it, at the last line before one indented no deeper than its def.

#include "model/line_profile_text.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <map>

namespace framescope {
namespace {

size_t indent(const std::string& line) {
    return line.find_first_not_of(" \t");
}

bool blank_or_comment(const std::string& line) {
    size_t at = indent(line);
    return at == std::string::npos || line[at] == '#';
}

// Lines [first, ...) of the block starting at `first` (0-based), decorators included.
std::vector<std::string> code_block(const std::vector<std::string>& lines, size_t first) {
    std::vector<std::string> block;
    if (first >= lines.size())
        return block;
    size_t base = indent(lines[first]) == std::string::npos ? 0 : indent(lines[first]);
    size_t i = first;
    while (i < lines.size() && !blank_or_comment(lines[i]) && indent(lines[i]) == base &&
           lines[i].compare(base, 1, "@") == 0)
        ++i;         // decorators
    size_t last = i; // the def line
    for (size_t j = i + 1; j < lines.size(); ++j) {
        if (blank_or_comment(lines[j]))
            continue;
        if (indent(lines[j]) <= base)
            break;
        last = j;
    }
    for (size_t j = first; j <= last && j < lines.size(); ++j)
        block.push_back(lines[j]);
    return block;
}

std::optional<std::vector<std::string>> read_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
    }
    return lines;
}

std::string printf_text(const char* format, double value) {
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

// Python's "%Ns" % text: right-aligned in N columns.
std::string right(const std::string& text, size_t width) {
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

enum Column { kLine, kHits, kTime, kPerHit, kPercent };
constexpr std::array<size_t, 5> kDefaultWidths = {6, 9, 12, 8, 8};

std::string row_text(const std::array<std::string, 5>& cells, const std::array<size_t, 5>& widths,
                     const std::string& contents) {
    std::string text;
    for (size_t c = 0; c < cells.size(); ++c)
        text += (c ? " " : "") + right(cells[c], widths[c]);
    return text + "  " + contents;
}

void write_function(std::string& out, const LprofFunction& f, double unit_s) {
    double total = f.total_time();
    out += printf_text("Total time: %g s\n", total * unit_s);
    FunctionLines rows = function_lines(f);
    if (rows.source_found) {
        out += "File: " + f.file + "\n";
        out += "Function: " + f.name + " at line " + std::to_string(f.first_line) + "\n";
    } else {
        out += "\nCould not find file " + f.file + "\n";
        out += "Are you sure you are running this program from the same directory\n"
               "that you ran the profiler from?\n"
               "Continuing without the function's contents.\n";
    }
    std::map<int64_t, std::array<std::string, 4>> shown; // hits, time, per hit, percent
    std::array<size_t, 5> widths = kDefaultWidths;
    for (const LprofLine& t : f.lines) {
        std::string percent = total == 0 ? "" : printf_text("%5.1f", 100 * t.time / total);
        std::string time = printf_text("%5.1f", t.time);
        if (time.size() > kDefaultWidths[kTime])
            time = printf_text("%5.3g", t.time);
        std::string per_hit; // line_profiler never records a line with no hits
        if (t.hits > 0) {
            per_hit = printf_text("%5.1f", t.time / double(t.hits));
            if (per_hit.size() > kDefaultWidths[kPerHit])
                per_hit = printf_text("%5.3g", t.time / double(t.hits));
        }
        std::string hits = std::to_string(t.hits);
        if (hits.size() > kDefaultWidths[kHits])
            hits = printf_text("%g", double(t.hits));
        shown[t.line] = {hits, time, per_hit, percent};
    }
    for (const auto& [line, cells] : shown)
        for (size_t c = kHits; c <= kPerHit; ++c)
            widths[c] = std::max(widths[c], cells[c - 1].size());
    std::string header =
        row_text({"Line #", "Hits", "Time", "Per Hit", "% Time"}, widths, "Line Contents");
    out += "\n" + header + "\n" + std::string(header.size(), '=') + "\n";
    for (const LineRow& row : rows.rows) {
        auto cells = shown.find(row.line);
        std::array<std::string, 4> c =
            cells == shown.end() ? std::array<std::string, 4>{} : cells->second;
        out +=
            row_text({std::to_string(row.line), c[0], c[1], c[2], c[3]}, widths, row.source) + "\n";
    }
    out += "\n";
}

} // namespace

FunctionLines function_lines(const LprofFunction& f) {
    FunctionLines out;
    std::optional<std::vector<std::string>> lines = read_lines(f.file);
    std::vector<std::string> block;
    if (lines && f.first_line >= 1) {
        out.source_found = true;
        block = code_block(*lines, size_t(f.first_line - 1));
    } else {
        // As line_profiler does: blank lines from the first line, as many as the timed span.
        int64_t low = f.first_line, high = f.lines.empty() ? 0 : f.lines[0].line;
        for (const LprofLine& t : f.lines) {
            low = std::min(low, t.line);
            high = std::max(high, t.line);
        }
        block.assign(f.lines.empty() ? 1 : size_t(high - low + 1), "");
    }
    std::map<int64_t, LprofLine> timed;
    for (const LprofLine& t : f.lines)
        timed[t.line] = t;
    for (size_t i = 0; i < block.size(); ++i) {
        int64_t line = f.first_line + int64_t(i);
        auto t = timed.find(line);
        out.rows.push_back({line, std::move(block[i]),
                            t == timed.end() ? std::nullopt : std::optional(t->second)});
    }
    return out;
}

std::vector<LprofFunction> line_timed_functions(const LoadedProfile& loaded) {
    std::vector<LprofFunction> functions;
    for (const std::shared_ptr<const ProfileData>& data : loaded.data) {
        std::map<FrameId, size_t> index; // frame -> functions
        for (const LineTiming& t : data->lines) {
            auto [it, added] = index.try_emplace(t.function, functions.size());
            if (added) {
                const ProfileFrame& frame = data->frames[t.function];
                functions.push_back({std::string(data->strings.get(frame.file)),
                                     frame.line,
                                     std::string(data->strings.get(frame.function)),
                                     {}});
            }
            functions[it->second].lines.push_back({t.line, t.hits, t.time});
        }
    }
    return functions;
}

std::string line_profile_text(const LprofStats& profile) {
    std::string out = printf_text("Timer unit: %g s\n\n", profile.unit_s);
    for (const LprofFunction& f : profile.functions)
        write_function(out, f, profile.unit_s);
    return out;
}

} // namespace framescope
