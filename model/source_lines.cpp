#include "model/source_lines.h"

#include <fstream>

#include "core/text_encoding.h"
#include "loaders/text_lines.h"

namespace framescope {
namespace {

constexpr size_t kMaxFileBytes = 8 << 20; // no source file is larger; a larger one is not source

// Where a file recorded as `file` is on this machine: as recorded, else through a mapping.
std::string local_path(const std::string& file, const PathMappings& mappings) {
    auto readable = [](const std::string& path) { return std::ifstream(path).good(); };
    if (readable(file))
        return file;
    for (const auto& [recorded, local] : mappings)
        if (!recorded.empty() && file.starts_with(recorded) &&
            readable(local + file.substr(recorded.size())))
            return local + file.substr(recorded.size());
    return {};
}

bool starts_definition(std::string_view line) {
    std::string_view text = trim(line);
    return text.starts_with("def ") || text.starts_with("async def ") || text.starts_with("class ");
}

} // namespace

Result<SourceExcerpt> read_source(const std::string& file, uint32_t line,
                                  const PathMappings& mappings) {
    if (file.empty() || file == "~" || file.starts_with("<"))
        return Error::plain(file + ": no source file (built-in or generated code)");
    if (line == 0)
        return Error::plain(file + ": no line to show");
    std::string path = local_path(file, mappings);
    if (path.empty())
        return Error::plain(file + ": not on this machine (add a path mapping)");
    std::ifstream in(path, std::ios::binary);
    std::string bytes;
    bytes.resize(kMaxFileBytes + 1);
    in.read(bytes.data(), std::streamsize(bytes.size()));
    bytes.resize(size_t(in.gcount()));
    if (bytes.size() > kMaxFileBytes)
        return Error::plain(path + ": larger than a source file can be");
    std::string text = decode_text(bytes).text;
    std::vector<std::string_view> all;
    for (size_t begin = 0; begin < text.size();) {
        size_t end = text.find('\n', begin);
        if (end == std::string::npos)
            end = text.size();
        std::string_view one(text.data() + begin, end - begin);
        all.push_back(one.ends_with('\r') ? one.substr(0, one.size() - 1) : one);
        begin = end + 1;
    }
    if (line > all.size())
        return Error::at_line(path, line,
                              "the file has only " + std::to_string(all.size()) +
                                  " lines: not the file that was profiled");
    // The def that holds the line (pstats' first line of a decorated function is its first
    // decorator; decorators above a def belong to it).
    size_t at = line - 1;
    while (at + 1 < all.size() && trim(all[at]).starts_with("@"))
        ++at;
    size_t first = at;
    while (first > 0 && !starts_definition(all[first]))
        --first;
    if (!starts_definition(all[first]))
        first = at; // module code: from the line itself
    while (first > 0 && trim(all[first - 1]).starts_with("@"))
        --first;
    size_t def = first;
    while (def < all.size() && !starts_definition(all[def]))
        ++def;
    size_t indent = def < all.size() ? indent_of(all[def]) : indent_of(all[first]);
    // The body: every line after the def that is blank or indented deeper.
    size_t end = std::min(def + 1, all.size());
    while (end < all.size() && (trim(all[end]).empty() || indent_of(all[end]) > indent))
        ++end;
    while (end > first + 1 && trim(all[end - 1]).empty())
        --end;
    SourceExcerpt excerpt;
    excerpt.path = path;
    excerpt.first_line = uint32_t(first + 1);
    excerpt.marked_line = line;
    excerpt.cut = end - first > kMaxSourceLines;
    end = std::min(end, first + kMaxSourceLines);
    for (size_t i = first; i < end; ++i)
        excerpt.lines.emplace_back(all[i]);
    return excerpt;
}

} // namespace framescope
