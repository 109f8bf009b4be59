// load_pstats: reads the stats dict
//   {(file, line, name): (cc, nc, tt, ct, {(file, line, name): (nc, cc, tt, ct) or count})}
// in one pass over the marshal stream. Keys get ids as they first appear (as functions or as
// callers); at the end functions are numbered in dict order and caller-only keys after them.
// A repeated key keeps its first position and takes its last value, as a Python dict does.
// Keys of one dict can only repeat here when a code object stands for the name (two code
// objects, one name), so only files with such keys pay for looking for repeats.
// Key tuples and strings that the file shares by reference are decoded once (memoised by
// reference index), which is most of them in a cProfile dump.

#include "loaders/pstats_loader.h"

#include <filesystem>
#include <new>

#include "core/memory_budget.h"
#include "loaders/function_key_table.h"
#include "loaders/marshal_reader.h"

namespace framescope {
namespace {

constexpr uint32_t kNone = 0xffffffffu;
constexpr size_t kReleaseStep = size_t(4) << 20; // how much of the file is let go at once

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
        (n == 4 &&
         (c > 0xf4 || (c == 0xf0 && byte(i + 1) < 0x90) || (c == 0xf4 && byte(i + 1) > 0x8f))))
        return 0; // overlong or beyond U+10FFFF
    return n;
}

bool is_python_utf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        size_t n = utf8_sequence_length(text, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

class PstatsReader {
  public:
    PstatsReader(std::span<const uint8_t> bytes, const ProfileSource& source,
                 LoadProgress* progress, CallerEdges callers, const FileBytes* file)
        : in_(bytes, source.path), progress_(progress), keep_(callers), file_(file) {
        if (progress_)
            progress_->total = bytes.size();
        profile_.sources.push_back(source);
        profile_.kept_callers = callers;
        if (keep_ == CallerEdges::all)
            edges_.reserve(bytes.size() / 32); // an edge takes at least ~30 bytes in a dump
    }

    Result<PstatsProfile> read() {
        if (!read_stats())
            return in_.error();
        return finish();
    }

  private:
    MarshalReader in_;
    LoadProgress* progress_;
    CallerEdges keep_;
    const FileBytes* file_; // the mapped file, if `bytes` are one: read once, then let go
    size_t released_ = 0;   // file_'s bytes before this have been let go
    size_t populated_ = 0;  // ... and those from released_ to this are mapped
    PstatsProfile profile_;
    uint32_t profiler_key_ = kNone; // ('jprofile', 0, 'profiler'), once seen

    FunctionKeyTable key_ids_;              // key ids, in order of first appearance
    std::vector<uint32_t> function_of_key_; // key id -> function (dict order), or kNone
    std::vector<uint32_t> key_of_function_;
    HugePageVector<uint32_t> key_memo_;    // reference index -> key id
    HugePageVector<StringId> string_memo_; // reference index -> string id

    // CallerEdge::caller holds a key id until finish().
    HugePageVector<CallerEdge> edges_;
    std::vector<std::pair<uint32_t, uint32_t>> caller_range_; // function -> edges_ range
    bool repeated_key_ = false; // a function key came twice in the stats dict
    bool code_names_ = false;   // some key named its function by a code object

    template <typename T> static void memo_put(HugePageVector<T>& memo, uint32_t index, T value) {
        if (index >= memo.size())
            memo.resize(index + 1, kNone);
        memo[index] = value;
    }
    template <typename T> static T memo_get(const HugePageVector<T>& memo, uint32_t index) {
        return index < memo.size() ? memo[index] : kNone;
    }

    StringId string_id(const MarshalScalar& text) {
        StringId id = memo_get(string_memo_, text.reference);
        if (id != kNone)
            return id;
        id = is_python_utf8(text.text) ? profile_.strings.intern(text.text)
                                       : profile_.strings.intern(decode_python_text(text.text));
        if (text.reference != kNoReference)
            memo_put(string_memo_, text.reference, id);
        return id;
    }

    bool read_key(uint32_t& key) {
        // A key tuple the file shares (cProfile shares each caller's) is decoded once.
        key = memo_get(key_memo_, in_.peek_reference());
        if (key != kNone) {
            in_.skip_reference();
            return true;
        }
        MarshalContainer tuple;
        if (!in_.open_sequence(tuple, "a (file, line, name) tuple"))
            return false;
        if (tuple.count != 3)
            return in_.fail(tuple.offset, "expected a (file, line, name) tuple, got " +
                                              std::to_string(tuple.count) + " items");
        MarshalScalar file, name;
        FunctionKey k{};
        if (!in_.read_text(file, "a file name") || !in_.read_int(k.line, "a line number") ||
            !in_.read_name(name, "a function name"))
            return false;
        in_.close(tuple);
        k.file = string_id(file);
        k.name = string_id(name);
        code_names_ = code_names_ || name.code_name;
        bool inserted;
        key = key_ids_.find_or_insert(k, inserted);
        if (inserted) {
            function_of_key_.push_back(kNone);
            if (k.line == 0 && profile_.strings.get(k.file) == "jprofile" &&
                profile_.strings.get(k.name) == "profiler")
                profiler_key_ = key;
        }
        if (tuple.reference != kNoReference)
            memo_put(key_memo_, tuple.reference, key);
        return true;
    }

    bool read_edge(CallerEdge& edge) {
        MarshalKind kind;
        if (!in_.peek_kind(kind))
            return false;
        if (kind == MarshalKind::Int) { // the profile module: a plain call count
            edge.form = CallerForm::Count;
            if (!in_.read_int(edge.calls, "a call count"))
                return false;
            edge.prim_calls = edge.calls;
            return true;
        }
        MarshalContainer tuple;
        if (!in_.open_sequence(tuple, "a caller's (nc, cc, tt, ct) tuple or call count"))
            return false;
        if (tuple.count != 4)
            return in_.fail(tuple.offset, "expected a caller's (nc, cc, tt, ct) tuple, got " +
                                              std::to_string(tuple.count) + " items");
        edge.form = CallerForm::Tuple;
        if (!in_.read_int(edge.calls, "a call count") ||
            !in_.read_int(edge.prim_calls, "a primitive call count") ||
            !in_.read_number(edge.self_s, "a time") ||
            !in_.read_number(edge.cumulative_s, "a time"))
            return false;
        in_.close(tuple);
        return true;
    }

    bool read_function(uint32_t f) {
        MarshalContainer value;
        if (!in_.open_sequence(value, "a (cc, nc, tt, ct, callers) tuple"))
            return false;
        if (value.count != 5)
            return in_.fail(value.offset, "expected a (cc, nc, tt, ct, callers) tuple, got " +
                                              std::to_string(value.count) + " items");
        MarshalContainer callers;
        if (!in_.read_int(profile_.prim_calls[f], "a primitive call count") ||
            !in_.read_int(profile_.calls[f], "a call count") ||
            !in_.read_number(profile_.self_s[f], "a time") ||
            !in_.read_number(profile_.cumulative_s[f], "a time") ||
            !in_.open_dict(callers, "a dict of callers"))
            return false;
        uint32_t begin = uint32_t(edges_.size());
        while (true) {
            bool has_item;
            if (!in_.dict_has_item(has_item))
                return false;
            if (!has_item)
                break;
            CallerEdge edge{};
            if (!read_key(edge.caller) || !read_edge(edge))
                return false;
            if (keep_ == CallerEdges::all || edge.caller == profiler_key_)
                edges_.push_back(edge);
        }
        in_.close(callers);
        in_.close(value);
        caller_range_[f] = {begin, uint32_t(edges_.size())};
        return true;
    }

    bool read_stats() {
        MarshalContainer stats;
        if (!in_.open_dict(stats, "a dict of functions (a profile)"))
            return false;
        bool has_item;
        while (true) {
            if (!in_.dict_has_item(has_item))
                return false;
            if (!has_item)
                break;
            if (progress_) { // once per function: often enough, and cheap
                progress_->done = in_.offset();
                if (progress_->cancel)
                    return in_.fail(in_.offset(), "cancelled");
            }
            if (file_ && in_.offset() + kReleaseStep >= populated_) {
                // What is behind is decoded; the rare back-reference maps its page again.
                released_ = in_.offset();
                file_->release_before(released_);
                populated_ = released_ + 2 * kReleaseStep;
                file_->populate(released_, populated_);
            }
            uint32_t key;
            if (!read_key(key))
                return false;
            uint32_t f = function_of_key_[key];
            if (f == kNone) {
                f = function_of_key_[key] = uint32_t(key_of_function_.size());
                key_of_function_.push_back(key);
                profile_.prim_calls.push_back(0);
                profile_.calls.push_back(0);
                profile_.self_s.push_back(0);
                profile_.cumulative_s.push_back(0);
                caller_range_.emplace_back(0, 0);
            } else {
                repeated_key_ = true;
            }
            if (!read_function(f))
                return false;
        }
        in_.close(stats);
        if (key_of_function_.empty())
            return in_.fail(stats.offset, "profile holds no functions");
        return true;
    }

    // Drops the edges of values that a repeated function key replaced, and merges repeated
    // callers within one dict: the first position, the last value.
    void lay_out_edges_again() {
        decltype(edges_) laid_out;
        std::vector<uint32_t> slot_of_caller(profile_.keys.size(), kNone);
        for (auto& range : caller_range_) {
            uint32_t begin = uint32_t(laid_out.size());
            for (uint32_t e = range.first; e < range.second; ++e) {
                uint32_t& slot = slot_of_caller[edges_[e].caller];
                if (slot != kNone && slot >= begin) {
                    laid_out[slot] = edges_[e];
                } else {
                    slot = uint32_t(laid_out.size());
                    laid_out.push_back(edges_[e]);
                }
            }
            range = {begin, uint32_t(laid_out.size())};
        }
        edges_ = std::move(laid_out);
    }

    PstatsProfile finish() {
        size_t n = key_of_function_.size();
        profile_.function_count = n;
        // Functions in dict order first, then keys seen only as callers.
        const std::vector<FunctionKey>& keys = key_ids_.keys();
        std::vector<FunctionId> final_id(keys.size(), kNone);
        profile_.keys.reserve(keys.size());
        for (uint32_t f = 0; f < n; ++f) {
            final_id[key_of_function_[f]] = f;
            profile_.keys.push_back(keys[key_of_function_[f]]);
        }
        for (uint32_t k = 0; k < keys.size(); ++k) {
            if (final_id[k] == kNone) {
                final_id[k] = FunctionId(profile_.keys.size());
                profile_.keys.push_back(keys[k]);
            }
        }
        for (CallerEdge& edge : edges_)
            edge.caller = final_id[edge.caller];
        if (repeated_key_ || code_names_)
            lay_out_edges_again();
        profile_.callers = std::move(edges_);
        profile_.callers_begin.reserve(n + 1);
        for (auto [begin, end] : caller_range_)
            profile_.callers_begin.push_back(begin);
        profile_.callers_begin.push_back(uint32_t(profile_.callers.size()));
        // Python's get_top_level_stats: totals summed in dict order.
        for (uint32_t f = 0; f < n; ++f) {
            profile_.total_calls += profile_.calls[f];
            profile_.total_prim_calls += profile_.prim_calls[f];
            profile_.total_self_s += profile_.self_s[f];
        }
        return std::move(profile_);
    }
};

} // namespace

std::string decode_python_text(std::string_view raw) {
    if (is_python_utf8(raw))
        return std::string(raw);
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

namespace {

Result<PstatsProfile> read_pstats(std::span<const uint8_t> bytes, const ProfileSource& source,
                                  LoadProgress* progress, CallerEdges callers,
                                  const FileBytes* file) {
    if (Status fits = check_memory_for(pstats_memory_needed(bytes.size(), callers), source.path);
        !fits)
        return fits.error();
    if (bytes.size() > 0xfffffff0u)
        return Error::at_offset(source.path, 0, "file larger than 4 GiB");
    try {
        return PstatsReader(bytes, source, progress, callers, file).read();
    } catch (const std::bad_alloc&) { // the estimate fell short, or memory went meanwhile
        return Error{"too big for this machine: ran out of memory while loading", source.path};
    }
}

} // namespace

uint64_t pstats_memory_needed(uint64_t file_bytes, CallerEdges callers) {
    // Measured on cProfile dumps: the edges are the most, 40 bytes each for ~35 in the file.
    uint64_t per_file_byte = callers == CallerEdges::all ? 2 : 1;
    return file_bytes * per_file_byte + (uint64_t(16) << 20);
}

Result<PstatsProfile> load_pstats(std::span<const uint8_t> bytes, const ProfileSource& source,
                                  LoadProgress* progress, CallerEdges callers) {
    return read_pstats(bytes, source, progress, callers, nullptr);
}

Result<PstatsProfile> load_pstats_file(const std::string& path, LoadProgress* progress,
                                       CallerEdges callers) {
    // The file is mapped, not copied, but its mapping must fit too.
    std::error_code ec;
    uint64_t size = std::filesystem::file_size(path, ec);
    if (!ec)
        if (Status fits = check_memory_for(size + pstats_memory_needed(size, callers), path); !fits)
            return fits.error();
    Result<FileBytes> file = read_file_bytes(path);
    if (!file)
        return file.error();
    return read_pstats(file->bytes(), ProfileSource{path, file->mtime_s()}, progress, callers,
                       &*file);
}

} // namespace framescope
