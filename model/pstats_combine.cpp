// StatsAccumulator rebuilds a profile function by function with Python's add_func_stats and
// add_callers rules, then lays it out in columns again. O(functions + edges) hash lookups.

#include "model/pstats_combine.h"

#include <unordered_map>

namespace framescope {
namespace {

struct KeyedEdge {
    FunctionKey caller;
    CallerEdge edge; // edge.caller is unused until finish()
};

struct PairKeyHash {
    size_t operator()(const std::pair<uint32_t, FunctionKey>& p) const {
        return FunctionKeyHash{}(p.second) ^ (size_t(p.first) * 0x9e3779b97f4a7c15ull);
    }
};

class StatsAccumulator {
  public:
    StringPool strings; // the result's strings; callers intern into it

    // add_func_stats(existing, (cc, nc, tt, ct, callers)); `callers` are first made unique by
    // key, a later entry replacing an earlier one in its place (a dict being filled).
    // A new function is stored as given, or added to zeros when `new_adds_to_zero` (Stats.add
    // does that, and -0.0 + 0 is +0.0, which prints differently).
    Status add(const FunctionKey& key, int64_t cc, int64_t nc, double tt, double ct,
               const std::vector<KeyedEdge>& callers, bool new_adds_to_zero) {
        auto [it, inserted] = index_.try_emplace(key, uint32_t(functions_.size()));
        uint32_t f = it->second;
        if (inserted && !new_adds_to_zero) {
            functions_.push_back({key, cc, nc, tt, ct, {}});
        } else {
            if (inserted)
                functions_.push_back({key, 0, 0, 0.0, 0.0, {}});
            Function& target = functions_[f];
            target.cc += cc, target.nc += nc;
            target.tt = tt + target.tt, target.ct = ct + target.ct;
        }
        Function& target = functions_[f];

        std::unordered_map<FunctionKey, size_t, FunctionKeyHash> unique; // key -> slot in callers
        std::vector<KeyedEdge> deduped;
        for (const KeyedEdge& e : callers) {
            auto [slot, fresh] = unique.try_emplace(e.caller, deduped.size());
            if (fresh)
                deduped.push_back(e);
            else
                deduped[slot->second] = e;
        }
        for (const KeyedEdge& e : deduped) {
            auto [slot, fresh] = edge_index_.try_emplace({f, e.caller}, target.callers.size());
            if (fresh) {
                target.callers.push_back(e);
                continue;
            }
            CallerEdge& into = target.callers[slot->second].edge;
            if (into.form != e.edge.form)
                return Error::plain("cannot add cProfile caller data to profile-module caller "
                                    "counts (the files come from different profilers)");
            into.calls += e.edge.calls;
            into.prim_calls += e.edge.prim_calls;
            into.self_s = e.edge.self_s + into.self_s;
            into.cumulative_s = e.edge.cumulative_s + into.cumulative_s;
        }
        return Ok{};
    }

    // The accumulated functions in columns: functions in order of first addition, then the
    // keys seen only as callers.
    PstatsProfile finish() {
        PstatsProfile out;
        out.strings = std::move(strings);
        std::unordered_map<FunctionKey, FunctionId, FunctionKeyHash> ids;
        for (const Function& fn : functions_) {
            ids.emplace(fn.key, FunctionId(out.keys.size()));
            out.keys.push_back(fn.key);
        }
        out.function_count = functions_.size();
        for (const Function& fn : functions_) {
            out.prim_calls.push_back(fn.cc);
            out.calls.push_back(fn.nc);
            out.self_s.push_back(fn.tt);
            out.cumulative_s.push_back(fn.ct);
            out.callers_begin.push_back(uint32_t(out.callers.size()));
            for (const KeyedEdge& e : fn.callers) {
                auto [it, fresh] = ids.try_emplace(e.caller, FunctionId(out.keys.size()));
                if (fresh)
                    out.keys.push_back(e.caller);
                CallerEdge edge = e.edge;
                edge.caller = it->second;
                out.callers.push_back(edge);
            }
        }
        out.callers_begin.push_back(uint32_t(out.callers.size()));
        return out;
    }

  private:
    struct Function {
        FunctionKey key;
        int64_t cc, nc;
        double tt, ct;
        std::vector<KeyedEdge> callers;
    };
    std::vector<Function> functions_;
    std::unordered_map<FunctionKey, uint32_t, FunctionKeyHash> index_;
    std::unordered_map<std::pair<uint32_t, FunctionKey>, size_t, PairKeyHash> edge_index_;
};

// Feeds every function of `profile` to `acc`, its keys translated by `translate`.
template <typename Translate>
Status feed(StatsAccumulator& acc, const PstatsProfile& profile, Translate translate,
            bool new_adds_to_zero) {
    std::vector<KeyedEdge> callers;
    for (FunctionId f = 0; f < profile.function_count; ++f) {
        callers.clear();
        const CallerEdge* edges = profile.callers_of(f);
        for (size_t i = 0; i < profile.caller_count(f); ++i)
            callers.push_back({translate(edges[i].caller), edges[i]});
        Status s = acc.add(translate(f), profile.prim_calls[f], profile.calls[f], profile.self_s[f],
                           profile.cumulative_s[f], callers, new_adds_to_zero);
        if (!s)
            return s;
    }
    return Ok{};
}

} // namespace

Result<PstatsProfile> merge_profiles(std::vector<PstatsProfile> profiles) {
    if (profiles.size() == 1)
        return std::move(profiles.front());
    StatsAccumulator acc;
    PstatsProfile totals; // sources and totals, combined in Python's order
    auto add_profile = [&](const PstatsProfile& p, bool first) -> Status {
        std::vector<StringId> remap(p.strings.size());
        for (StringId s = 0; s < remap.size(); ++s)
            remap[s] = acc.strings.intern(p.strings.get(s));
        auto translate = [&](FunctionId f) {
            const FunctionKey& k = p.keys[f];
            return FunctionKey{k.line, remap[k.file], remap[k.name]};
        };
        totals.sources.insert(totals.sources.end(), p.sources.begin(), p.sources.end());
        if (p.kept_callers != CallerEdges::all)
            totals.kept_callers = p.kept_callers;
        totals.total_calls += p.total_calls;
        totals.total_prim_calls += p.total_prim_calls;
        totals.total_self_s += p.total_self_s;
        return feed(acc, p, translate, !first);
    };
    for (size_t i = 0; i < profiles.size(); ++i) {
        // profiles[0] first, then profiles[n-1], ..., profiles[1].
        Status s = add_profile(profiles[i == 0 ? 0 : profiles.size() - i], i == 0);
        if (!s)
            return s.error();
    }
    PstatsProfile out = acc.finish();
    out.kept_callers = totals.kept_callers;
    out.sources = std::move(totals.sources);
    out.total_calls = totals.total_calls;
    out.total_prim_calls = totals.total_prim_calls;
    out.total_self_s = totals.total_self_s;
    return out;
}

Result<PstatsProfile> strip_dirs(const PstatsProfile& profile) {
    StatsAccumulator acc;
    std::vector<StringId> base_name(profile.strings.size());
    for (StringId s = 0; s < base_name.size(); ++s) {
        std::string_view path = profile.strings.get(s);
        size_t slash = path.rfind('/');
        base_name[s] =
            acc.strings.intern(slash == std::string_view::npos ? path : path.substr(slash + 1));
    }
    std::vector<StringId> same(profile.strings.size());
    for (StringId s = 0; s < same.size(); ++s)
        same[s] = acc.strings.intern(profile.strings.get(s));
    auto translate = [&](FunctionId f) {
        const FunctionKey& k = profile.keys[f];
        return FunctionKey{k.line, base_name[k.file], same[k.name]};
    };
    Status s = feed(acc, profile, translate, false);
    if (!s)
        return s.error();
    PstatsProfile out = acc.finish();
    out.kept_callers = profile.kept_callers;
    out.sources = profile.sources;
    out.total_calls = profile.total_calls;
    out.total_prim_calls = profile.total_prim_calls;
    out.total_self_s = profile.total_self_s;
    return out;
}

} // namespace framescope
