// load_pstats: walks the marshal document with the schema of a stats dict,
//   {(file, line, name): (cc, nc, tt, ct, {(file, line, name): (nc, cc, tt, ct) or count})}
// in two passes: the first gives every function its id in dict order (a repeated key keeps
// its first position and its last value, as a Python dict does), the second fills the columns.

#include "loaders/pstats_loader.h"

#include <optional>
#include <unordered_map>

#include "loaders/marshal_reader.h"

namespace framescope {
namespace {

constexpr StringId kNoString = 0xffffffffu;

// Length of the UTF-8 sequence at text[i], accepting surrogates (Python marshals them with
// surrogatepass); 0 if invalid.
size_t utf8_sequence_length(std::string_view text, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > text.size())
        return 0;
    for (size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xc0) != 0x80)
            return 0;
    if ((n == 2 && c < 0xc2) || (n == 3 && c == 0xe0 && byte(i + 1) < 0xa0) ||
        (n == 4 && (c > 0xf4 || (c == 0xf0 && byte(i + 1) < 0x90) || (c == 0xf4 && byte(i + 1) > 0x8f))))
        return 0; // overlong or beyond U+10FFFF
    return n;
}

class PstatsWalker {
  public:
    PstatsWalker(const MarshalDocument& doc, const ProfileSource& source)
        : doc_(doc), source_(source), string_ids_(doc.node_count(), kNoString) {
        profile_.sources.push_back(source);
    }

    Result<PstatsProfile> walk() {
        MarshalId root = doc_.root();
        if (doc_.node(root).kind != MarshalKind::Dict)
            return error(root, "not a profile: expected a dict of functions, got " +
                                   std::string(marshal_kind_name(doc_.node(root).kind)));
        auto entries = doc_.children(root);
        if (entries.empty())
            return error(root, "profile holds no functions");

        std::vector<MarshalId> last_value; // function id -> its value node (the last one wins)
        for (size_t i = 0; i < entries.size(); i += 2) {
            FunctionId f;
            if (!function_id(entries[i], f))
                return *error_;
            if (f == last_value.size())
                last_value.push_back(entries[i + 1]);
            else
                last_value[f] = entries[i + 1];
        }
        size_t n = last_value.size();
        profile_.function_count = n;
        profile_.prim_calls.resize(n);
        profile_.calls.resize(n);
        profile_.self_s.resize(n);
        profile_.cumulative_s.resize(n);
        profile_.callers_begin.reserve(n + 1);
        profile_.callers.reserve(entries.size()); // a guess: about one caller per function
        caller_stamp_.assign(n, 0);
        caller_slot_.resize(n);
        for (FunctionId f = 0; f < n; ++f)
            if (!read_function(f, last_value[f]))
                return *error_;
        profile_.callers_begin.push_back(uint32_t(profile_.callers.size()));
        // Python's get_top_level_stats: totals summed in dict order.
        for (FunctionId f = 0; f < n; ++f) {
            profile_.total_calls += profile_.calls[f];
            profile_.total_prim_calls += profile_.prim_calls[f];
            profile_.total_self_s += profile_.self_s[f];
        }
        return std::move(profile_);
    }

  private:
    const MarshalDocument& doc_;
    const ProfileSource& source_;
    PstatsProfile profile_;
    std::vector<StringId> string_ids_; // marshal string node -> interned id, decoded once
    std::unordered_map<FunctionKey, FunctionId, FunctionKeyHash> function_ids_;
    std::vector<FunctionId> caller_stamp_; // callee id + 1 that last listed this caller
    std::vector<uint32_t> caller_slot_;    // where that callee's edge for this caller sits
    std::optional<Error> error_;

    Error error(MarshalId id, std::string message) {
        return Error::at_offset(source_.path, doc_.node(id).offset, std::move(message));
    }
    bool fail(MarshalId id, std::string message) {
        error_ = error(id, std::move(message));
        return false;
    }
    bool fail_kind(MarshalId id, const char* what) {
        return fail(id, std::string("expected ") + what + ", got " +
                            std::string(marshal_kind_name(doc_.node(id).kind)));
    }

    bool string_id(MarshalId id, StringId& out) {
        MarshalKind kind = doc_.node(id).kind;
        if (kind == MarshalKind::Code) // profile module 3.8-3.10: show the code's name
            return string_id(doc_.children(id)[1], out);
        if (kind != MarshalKind::Str && kind != MarshalKind::Bytes)
            return fail_kind(id, "a string");
        if (string_ids_[id] == kNoString)
            string_ids_[id] = profile_.strings.intern(decode_python_text(doc_.text(id)));
        out = string_ids_[id];
        return true;
    }

    bool integer(MarshalId id, int64_t& out, const char* what) {
        const MarshalNode& n = doc_.node(id);
        if (n.kind == MarshalKind::BigInt)
            return fail(id, std::string(what) + " too large");
        if (n.kind != MarshalKind::Int)
            return fail_kind(id, what);
        out = n.int_value;
        return true;
    }

    bool number(MarshalId id, double& out, const char* what) {
        const MarshalNode& n = doc_.node(id);
        switch (n.kind) {
        case MarshalKind::Float:
        case MarshalKind::BigInt: out = n.float_value; return true;
        case MarshalKind::Int: out = double(n.int_value); return true;
        default: return fail_kind(id, what);
        }
    }

    std::span<const MarshalId> tuple(MarshalId id, size_t size, const char* what) {
        MarshalKind kind = doc_.node(id).kind;
        if ((kind != MarshalKind::Tuple && kind != MarshalKind::List) ||
            doc_.children(id).size() != size) {
            fail(id, std::string("expected ") + what + ", got " +
                         (kind == MarshalKind::Tuple || kind == MarshalKind::List
                              ? "a sequence of " + std::to_string(doc_.children(id).size())
                              : std::string(marshal_kind_name(kind))));
            return {};
        }
        return doc_.children(id);
    }

    bool function_id(MarshalId key_node, FunctionId& out) {
        auto key = tuple(key_node, 3, "a (file, line, name) tuple");
        if (key.empty())
            return false;
        FunctionKey k{};
        if (!string_id(key[0], k.file) || !integer(key[1], k.line, "a line number") ||
            !string_id(key[2], k.name))
            return false;
        auto [it, inserted] = function_ids_.try_emplace(k, FunctionId(profile_.keys.size()));
        if (inserted)
            profile_.keys.push_back(k);
        out = it->second;
        return true;
    }

    bool read_function(FunctionId f, MarshalId value_node) {
        auto value = tuple(value_node, 5, "a (cc, nc, tt, ct, callers) tuple");
        if (value.empty())
            return false;
        if (!integer(value[0], profile_.prim_calls[f], "a primitive call count") ||
            !integer(value[1], profile_.calls[f], "a call count") ||
            !number(value[2], profile_.self_s[f], "a time") ||
            !number(value[3], profile_.cumulative_s[f], "a time"))
            return false;
        if (doc_.node(value[4]).kind != MarshalKind::Dict)
            return fail_kind(value[4], "a dict of callers");

        profile_.callers_begin.push_back(uint32_t(profile_.callers.size()));
        auto entries = doc_.children(value[4]);
        for (size_t i = 0; i < entries.size(); i += 2) {
            CallerEdge edge{};
            if (!function_id(entries[i], edge.caller) || !read_edge(entries[i + 1], edge))
                return false;
            // A repeated caller key keeps its first position and takes the last value.
            if (edge.caller >= caller_stamp_.size()) { // a caller with no stats of its own
                caller_stamp_.resize(edge.caller + 1, 0);
                caller_slot_.resize(edge.caller + 1);
            }
            if (caller_stamp_[edge.caller] == f + 1) {
                profile_.callers[caller_slot_[edge.caller]] = edge;
            } else {
                caller_stamp_[edge.caller] = f + 1;
                caller_slot_[edge.caller] = uint32_t(profile_.callers.size());
                profile_.callers.push_back(edge);
            }
        }
        return true;
    }

    bool read_edge(MarshalId id, CallerEdge& edge) {
        if (doc_.node(id).kind == MarshalKind::Int) {
            edge.form = CallerForm::Count;
            edge.calls = edge.prim_calls = doc_.node(id).int_value;
            return true;
        }
        auto value = tuple(id, 4, "a caller's (nc, cc, tt, ct) tuple or call count");
        if (value.empty())
            return false;
        edge.form = CallerForm::Tuple;
        return integer(value[0], edge.calls, "a call count") &&
               integer(value[1], edge.prim_calls, "a primitive call count") &&
               number(value[2], edge.self_s, "a time") &&
               number(value[3], edge.cumulative_s, "a time");
    }
};

} // namespace

std::string decode_python_text(std::string_view raw) {
    for (size_t i = 0; i < raw.size();) {
        size_t n = utf8_sequence_length(raw, i);
        if (n == 0) {
            std::string latin1; // each byte is the code point of the same value
            latin1.reserve(raw.size() * 2);
            for (char c : raw) {
                auto b = static_cast<unsigned char>(c);
                if (b < 0x80) {
                    latin1 += c;
                } else {
                    latin1 += char(0xc0 | (b >> 6));
                    latin1 += char(0x80 | (b & 0x3f));
                }
            }
            return latin1;
        }
        i += n;
    }
    return std::string(raw);
}

Result<PstatsProfile> load_pstats(std::span<const uint8_t> bytes, const ProfileSource& source) {
    Result<MarshalDocument> doc = read_marshal(bytes, source.path);
    if (!doc)
        return doc.error();
    return PstatsWalker(*doc, source).walk();
}

Result<PstatsProfile> load_pstats_file(const std::string& path) {
    Result<FileBytes> file = read_file_bytes(path);
    if (!file)
        return file.error();
    return load_pstats(file->bytes(), ProfileSource{path, file->mtime_s});
}

} // namespace framescope
