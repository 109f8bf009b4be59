// PstatsProfile: the rows of one .pstats file (or several merged), in columns.
// Function ids follow the order of Python's stats dict, which every pstats report depends on
// (sorts are stable). Times stay in seconds as doubles, exactly as the file holds them, so
// reports can match Python's float arithmetic bit for bit.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/huge_page_allocator.h"
#include "core/string_pool.h"

namespace framescope {

using FunctionId = uint32_t;

// A function's identity: pstats' (file, line, name) tuple. The line comes first so that the
// key packs into 16 bytes: a large profile holds hundreds of thousands of them.
struct FunctionKey {
    int64_t line;
    StringId file;
    StringId name;
    bool operator==(const FunctionKey&) const = default;
};

struct FunctionKeyHash {
    // splitmix64's finaliser: every input bit reaches every output bit, so keys that differ
    // only in small ids still spread over the buckets.
    static uint64_t mix(uint64_t x) {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ull;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebull;
        return x ^ (x >> 31);
    }
    size_t operator()(const FunctionKey& k) const {
        return size_t(mix(uint64_t(k.file) << 32 ^ k.name ^ mix(uint64_t(k.line))));
    }
};

// cProfile stores (nc, cc, tt, ct) per caller; the pure-Python profile module a call count.
enum class CallerForm : uint8_t { Tuple, Count };

// Which caller edges a profile holds. print_stats reads only each function's own row, and of
// the edges only which functions the old profile module's ('jprofile', 0, 'profiler') called;
// a load for it keeps just those, since the edges are most of a large profile's memory.
enum class CallerEdges : uint8_t { all, from_profiler };

struct CallerEdge {
    FunctionId caller; // may be a key with no stats of its own (id >= function_count)
    CallerForm form;
    int64_t calls;       // nc; the call count for CallerForm::Count
    int64_t prim_calls;  // cc (primitive, i.e. non-recursive, calls); = calls for Count
    double self_s;       // tt spent in the callee on behalf of this caller; 0 for Count
    double cumulative_s; // ct, likewise
};

struct ProfileSource {
    std::string path; // as given by the user
    int64_t mtime_s;  // shown by print_stats' header, as Python shows it
};

struct PstatsProfile {
    StringPool strings;
    std::vector<FunctionKey> keys; // every key: functions first, then callers with no stats
    size_t function_count = 0;     // keys [0, function_count) have the columns below

    std::vector<int64_t> prim_calls;  // cc
    std::vector<int64_t> calls;       // nc
    std::vector<double> self_s;       // tt
    std::vector<double> cumulative_s; // ct
    // Callers of function f are callers[callers_begin[f] .. callers_begin[f+1]), in dict order.
    std::vector<uint32_t> callers_begin;
    HugePageVector<CallerEdge> callers;
    CallerEdges kept_callers = CallerEdges::all;

    // Totals as Python's Stats computes them: summed per file, then file by file.
    int64_t total_calls = 0;
    int64_t total_prim_calls = 0;
    double total_self_s = 0;

    std::vector<ProfileSource> sources; // files in Python's Stats.files order

    std::string_view file(FunctionId f) const { return strings.get(keys[f].file); }
    std::string_view name(FunctionId f) const { return strings.get(keys[f].name); }
    int64_t line(FunctionId f) const { return keys[f].line; }
    size_t caller_count(FunctionId f) const { return callers_begin[f + 1] - callers_begin[f]; }
    const CallerEdge* callers_of(FunctionId f) const { return callers.data() + callers_begin[f]; }
};

// A function's callee, and the edge (in the callee's caller list) that says how it was called.
struct CalleeEdgeRef {
    FunctionId callee;
    const CallerEdge* edge;
};

// The callee lists of every key, inverted from the caller lists pstats stores, each caller's
// callees in the profile's order; the edges point into `profile`, which must outlive them.
// One array for all: a vector a key would cost more than its edges in a profile of millions
// of functions.
class CalleeLists {
  public:
    CalleeLists() = default;
    explicit CalleeLists(const PstatsProfile& profile);
    std::span<const CalleeEdgeRef> operator[](FunctionId f) const {
        return {refs_.data() + begin_[f], refs_.data() + begin_[f + 1]};
    }

  private:
    std::vector<uint32_t> begin_; // key f's callees are refs_[begin_[f] .. begin_[f + 1])
    std::vector<CalleeEdgeRef> refs_;
};

// pstats' func_std_string: "file:line(name)", or "{name}" / "name" for built-ins ('~', 0).
std::string function_label(const PstatsProfile& profile, FunctionId f);

// Length in code points, as Python's len() counts: pstats pads columns by it.
size_t utf8_length(std::string_view text);

} // namespace framescope
