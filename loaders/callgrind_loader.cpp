// load_callgrind: one pass over the lines collects functions, own costs and call edges by
// name; a second step resolves callees and writes the rows (see the header).

#include "loaders/callgrind_loader.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "loaders/text_lines.h"

namespace framescope {
namespace {

using NameTable = std::unordered_map<uint64_t, StringId>;

struct Edge {
    FunctionId caller;
    uint32_t callee; // index into Reader::callees
    int64_t calls = 0;
    double inclusive = 0;
};

struct CalleeName {
    StringId file, name;
};

struct Reader {
    explicit Reader(const std::string& source_name) : source(source_name) {}
    const std::string& source;
    PstatsProfile out;
    std::vector<std::string> events;
    size_t event_column = 0;
    size_t position_count = 1;
    size_t line_column = 0; // which position is the line; position_count if none
    std::vector<int64_t> positions = {0};
    NameTable file_names, function_names;
    std::unordered_map<FunctionKey, FunctionId, FunctionKeyHash> function_ids; // line 0
    std::vector<double> self;
    std::vector<bool> line_known;
    std::vector<CalleeName> callees;
    std::unordered_map<FunctionKey, uint32_t, FunctionKeyHash> callee_ids; // line 0
    std::vector<Edge> edges;
    std::unordered_map<uint64_t, size_t> edge_ids; // caller << 32 | callee
    StringId file = 0;                             // fl= in force
    bool in_function = false;                      // a fn= was read
    CalleeName function{};                         // fn= in force, with its fl=
    std::optional<StringId> callee_file;           // cfl=/cfi= of the next call
    std::optional<StringId> callee_name;           // cfn= of the next call
    std::optional<int64_t> pending_calls;          // calls=N read, its cost line next
    bool events_read = false;

    Error error(uint32_t line, std::string message) const {
        return Error::at_line(source, line, std::move(message));
    }
};

bool parse_int(std::string_view text, int64_t& value, int base = 10) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    return ec == std::errc() && end == text.data() + text.size();
}

bool starts_cost_line(char c) {
    return ascii_digit(c) || c == '+' || c == '-' || c == '*';
}

// The key of "key=value" (a spec line) or "key: value" (a header, "key : value" too), if the
// line is one: a word first, then the mark.
std::optional<size_t> key_end(std::string_view line, char mark) {
    size_t i = 0;
    while (i < line.size() && (ascii_alnum(line[i]) || line[i] == '_'))
        ++i;
    size_t key = i;
    if (mark == ':')
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
    if (key == 0 || i == line.size() || line[i] != mark)
        return std::nullopt;
    return key;
}

std::vector<std::string_view> fields(std::string_view text) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        size_t begin = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t')
            ++i;
        if (i > begin)
            out.push_back(text.substr(begin, i - begin));
    }
    return out;
}

// "(id) name" defines id, "(id)" reuses it, anything else is the name itself.
Result<StringId> resolve_name(Reader& r, NameTable& table, std::string_view value, uint32_t line) {
    if (value.empty() || value[0] != '(')
        return r.out.strings.intern(value);
    size_t close = value.find(')');
    uint64_t id = 0;
    if (close == std::string_view::npos || !parse_number(value.substr(1, close - 1), id))
        return r.out.strings.intern(value);
    std::string_view rest = value.substr(close + 1);
    if (!rest.empty() && rest[0] == ' ')
        rest.remove_prefix(1);
    if (!rest.empty()) {
        StringId name = r.out.strings.intern(rest);
        table[id] = name;
        return name;
    }
    auto found = table.find(id);
    if (found == table.end())
        return r.error(line,
                       "compressed name (" + std::to_string(id) + ") used before it is named");
    return found->second;
}

Status read_header(Reader& r, std::string_view key, std::string_view value, uint32_t line,
                   const std::string& event) {
    if (key == "events") {
        r.events.clear();
        for (std::string_view e : fields(value))
            r.events.emplace_back(e);
        if (r.events.empty())
            return r.error(line, "'events:' names no event");
        r.event_column = 0;
        if (!event.empty()) {
            auto it = std::find(r.events.begin(), r.events.end(), event);
            if (it == r.events.end())
                return r.error(line, "no event '" + event + "' (the file has '" +
                                         std::string(value) + "')");
            r.event_column = size_t(it - r.events.begin());
        }
        r.events_read = true;
    } else if (key == "positions") {
        std::vector<std::string_view> names = fields(value);
        if (names.empty())
            return r.error(line, "'positions:' names no position");
        r.position_count = names.size();
        r.line_column = size_t(std::find(names.begin(), names.end(), "line") - names.begin());
        r.positions.assign(r.position_count, 0);
    }
    return Ok{};
}

FunctionId function_id(Reader& r) {
    FunctionKey key{0, r.function.file, r.function.name};
    auto [it, added] = r.function_ids.try_emplace(key, FunctionId(r.out.keys.size()));
    if (added) {
        r.out.keys.push_back(key);
        r.self.push_back(0);
        r.line_known.push_back(false);
    }
    return it->second;
}

Status read_cost_line(Reader& r, std::string_view text, uint32_t line) {
    if (!r.events_read)
        return r.error(line, "cost line before 'events:'");
    if (!r.in_function)
        return r.error(line, "cost line before any 'fn='");
    std::vector<std::string_view> parts = fields(text);
    for (size_t i = 0; i < r.position_count && i < parts.size(); ++i) {
        std::string_view p = parts[i];
        int64_t value = 0;
        bool ok = true;
        if (p == "*") {
            value = r.positions[i];
        } else if (p[0] == '+' || p[0] == '-') {
            ok = parse_int(p.substr(1), value);
            // wraps rather than overflows on hostile input
            uint64_t step = p[0] == '-' ? 0 - uint64_t(value) : uint64_t(value);
            value = int64_t(uint64_t(r.positions[i]) + step);
        } else {
            ok = p.substr(0, 2) == "0x" ? parse_int(p.substr(2), value, 16) : parse_int(p, value);
        }
        if (!ok)
            return r.error(line, "expected a position, got '" + std::string(p) + "'");
        r.positions[i] = value;
    }
    uint64_t cost = 0;
    for (size_t i = r.position_count; i < parts.size(); ++i) {
        uint64_t value = 0;
        if (!parse_number(parts[i], value))
            return r.error(line, "expected a cost, got '" + std::string(parts[i]) + "'");
        if (i - r.position_count == r.event_column)
            cost = value;
    }
    FunctionId f = function_id(r);
    if (!r.line_known[f] && r.line_column < r.position_count) {
        r.out.keys[f].line = r.positions[r.line_column];
        r.line_known[f] = true;
    }
    if (!r.pending_calls) {
        r.self[f] += double(cost);
        return Ok{};
    }
    CalleeName callee{r.callee_file.value_or(r.file), *r.callee_name};
    FunctionKey callee_key{0, callee.file, callee.name};
    auto [c, new_callee] = r.callee_ids.try_emplace(callee_key, uint32_t(r.callees.size()));
    if (new_callee)
        r.callees.push_back(callee);
    auto [e, new_edge] = r.edge_ids.try_emplace(uint64_t(f) << 32 | c->second, r.edges.size());
    if (new_edge)
        r.edges.push_back({f, c->second});
    r.edges[e->second].calls += *r.pending_calls;
    r.edges[e->second].inclusive += double(cost);
    r.pending_calls.reset();
    r.callee_file.reset();
    r.callee_name.reset();
    return Ok{};
}

Status read_spec_line(Reader& r, std::string_view key, std::string_view value, uint32_t line) {
    if (key == "calls") {
        std::vector<std::string_view> parts = fields(value);
        int64_t calls = 0;
        if (parts.empty() || !parse_int(parts[0], calls) || calls < 0)
            return r.error(line, "expected a call count after 'calls=', got '" +
                                     std::string(value) + "'");
        if (!r.callee_name)
            return r.error(line, "'calls=' without a 'cfn=' before it");
        r.pending_calls = calls;
        return Ok{};
    }
    bool file_key = key == "fl" || key == "fi" || key == "fe" || key == "cfl" || key == "cfi";
    bool function_key = key == "fn" || key == "cfn";
    if (!file_key && !function_key)
        return Ok{}; // objects (ob, cob) and jumps say nothing a profile shows
    Result<StringId> name =
        resolve_name(r, file_key ? r.file_names : r.function_names, value, line);
    if (!name)
        return name.error();
    if (key == "fl") {
        r.file = *name;
    } else if (key == "fn") {
        r.function = {r.file, *name};
        r.in_function = true;
    } else if (key == "cfl" || key == "cfi") {
        r.callee_file = *name;
    } else if (key == "cfn") {
        r.callee_name = *name;
    }
    return Ok{}; // fi= and fe= move cost lines to an inlined file, not to another function
}

// The callee's function: by (name, file), else the one function of that name, else a new row
// with no own cost.
std::vector<FunctionId> resolve_callees(Reader& r) {
    std::unordered_map<StringId, FunctionId> by_name;
    std::unordered_map<StringId, bool> name_repeats;
    for (FunctionId f = 0; f < r.out.keys.size(); ++f) {
        auto [it, added] = by_name.try_emplace(r.out.keys[f].name, f);
        if (!added)
            name_repeats[r.out.keys[f].name] = true;
    }
    std::vector<FunctionId> ids;
    for (const CalleeName& c : r.callees) {
        auto exact = r.function_ids.find(FunctionKey{0, c.file, c.name});
        if (exact != r.function_ids.end()) {
            ids.push_back(exact->second);
        } else if (by_name.count(c.name) && !name_repeats.count(c.name)) {
            ids.push_back(by_name[c.name]);
        } else {
            r.function = c;
            ids.push_back(function_id(r));
        }
    }
    return ids;
}

ProfileData finish(Reader& r) {
    std::vector<FunctionId> callee_of = resolve_callees(r);
    const PstatsProfile& names = r.out;
    size_t n = names.keys.size();
    ProfileData data;
    data.format = ProfileFormat::callgrind;
    data.unit = r.events[r.event_column];
    std::vector<FrameId> frame_of(n);
    for (FunctionId f = 0; f < n; ++f) {
        frame_of[f] = data.frame(names.name(f), names.file(f), names.line(f));
        data.functions.push_back({frame_of[f], r.self[f], r.self[f], 0});
    }
    for (const Edge& edge : r.edges) {
        FunctionId callee = callee_of[edge.callee];
        data.functions[callee].calls += edge.calls;
        if (callee != edge.caller)
            data.functions[edge.caller].inclusive += edge.inclusive;
        data.edges.push_back({frame_of[edge.caller], frame_of[callee], edge.calls, edge.inclusive});
    }
    return data;
}

} // namespace

Result<ProfileData> load_callgrind(std::string_view text, const std::string& name,
                                   const std::string& event) {
    Reader r(name);
    uint32_t number = 0;
    for (size_t begin = 0; begin < text.size();) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(begin, end - begin);
        begin = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (trim(line).empty() || line[0] == '#')
            continue;
        if (r.pending_calls && !starts_cost_line(line[0]))
            return r.error(number, "'calls=' is not followed by its cost line");
        Status status = Ok{};
        if (starts_cost_line(line[0])) {
            status = read_cost_line(r, line, number);
        } else if (std::optional<size_t> key = key_end(line, '=')) {
            status = read_spec_line(r, line.substr(0, *key), line.substr(*key + 1), number);
        } else if (std::optional<size_t> key = key_end(line, ':')) {
            std::string_view value = line.substr(line.find(':', *key) + 1);
            status = read_header(r, line.substr(0, *key), trim(value), number, event);
        } else {
            return r.error(number,
                           "not a callgrind line: '" + std::string(line.substr(0, 60)) + "'");
        }
        if (!status)
            return status.error();
    }
    if (r.pending_calls)
        return r.error(number, "'calls=' is not followed by its cost line");
    if (!r.events_read)
        return Error::plain(name + ": not callgrind: no 'events:' line");
    return finish(r);
}

} // namespace framescope
