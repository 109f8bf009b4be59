#include "model/overview_format.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "model/bucket_format.h"
#include "model/stall_kind.h"
#include "model/text_format.h"

namespace framescope {
namespace {

using Json = nlohmann::ordered_json;

std::string version_line(const VersionHealth& v, const char* separator) {
    const SessionHealth& h = v.health;
    char numbers[200];
    std::snprintf(numbers, sizeof numbers, "%zu%s%s%s%s%s%s%s%.1f s", h.sessions, separator,
                  percent(h.share(h.crashed)).c_str(), separator, percent(h.share(h.hung)).c_str(),
                  separator, percent(h.crash_free()).c_str(), separator, h.median_length_s);
    return v.app + " " + (v.version.empty() ? "(no version)" : v.version) + separator + numbers;
}

std::string stall_line(const StoredStallGroup& group) {
    char numbers[160];
    std::snprintf(numbers, sizeof numbers, "%s lost in %zu stall%s (%zu session%s), longest %s",
                  describe_seconds(group.total_s).c_str(), group.count, group.count == 1 ? "" : "s",
                  group.sessions, group.sessions == 1 ? "" : "s",
                  describe_seconds(group.longest_s).c_str());
    std::string line = numbers;
    if (group.unfinished)
        line += ", " + std::to_string(group.unfinished) + " never ended (hung)";
    return line;
}

std::string where(const StoredStallGroup& group) {
    return group.stack.empty() ? std::string("(no stack)") : describe_frame(group.stack.front());
}

size_t shown(size_t count, size_t top) {
    return std::min(count, top);
}

std::string text_overview(const StoreOverview& o, size_t top) {
    std::string out = "Store " + o.db_path + ": " + std::to_string(o.sessions.size()) +
                      " sessions, " + std::to_string(o.profiles.size()) + " profiles\n\n";
    out += "Release health (sessions, crashed, hung, crash-free, median length)\n";
    for (const VersionHealth& v : o.by_version)
        out += "  " + version_line(v, "  ") + "\n";
    out += "  all: " + health_text(o.health) + "\n";
    out += "Crash buckets (top " + std::to_string(shown(o.buckets.size(), top)) + " of " +
           std::to_string(o.buckets.size()) + ")\n";
    std::string buckets = format_buckets(std::span(o.buckets).first(shown(o.buckets.size(), top)),
                                         o.health, FindingsFormat::text);
    // The bucket list without its own health heading, which the lines above already give.
    if (size_t list = buckets.find("\nCrash buckets ("); list != std::string::npos)
        buckets.erase(0, buckets.find('\n', list + 1) + 1);
    out += buckets;
    out += "\nStall groups (top " + std::to_string(shown(o.stall_groups.size(), top)) + " of " +
           std::to_string(o.stall_groups.size()) + ")\n";
    for (size_t g = 0; g < shown(o.stall_groups.size(), top); ++g) {
        const StoredStallGroup& group = o.stall_groups[g];
        out += "  " + std::to_string(g + 1) + ". " + stall_line(group) + "\n     at " +
               where(group) + "; versions " + joined_or_unknown(group.versions) +
               "\n     kind: " + stall_kind_title(group.kind) +
               "; remedy: " + stall_kind_remedy(group.kind) + "\n";
    }
    out += "\nProfiles (" + std::to_string(o.profiles.size()) + ")\n";
    for (const StoredSource& p : o.profiles)
        out += "  @" + std::to_string(p.id) + " " + p.path + " (" + std::to_string(p.item_count) +
               " functions)\n";
    return out;
}

std::string markdown_overview(const StoreOverview& o, size_t top) {
    std::string out = "## Release health\n\n| application | sessions | crashed | hung | "
                      "crash-free | median length |\n|---|---|---|---|---|---|\n";
    for (const VersionHealth& v : o.by_version)
        out += "| " + version_line(v, " | ") + " |\n";
    out += "\n" + health_text(o.health) + "\n## Stall groups\n\n";
    for (size_t g = 0; g < shown(o.stall_groups.size(), top); ++g)
        out += std::to_string(g + 1) + ". " + stall_line(o.stall_groups[g]) + " at `" +
               where(o.stall_groups[g]) + "`: " + stall_kind_title(o.stall_groups[g].kind) + " (" +
               stall_kind_remedy(o.stall_groups[g].kind) + ")\n";
    std::string buckets = format_buckets(std::span(o.buckets).first(shown(o.buckets.size(), top)),
                                         o.health, FindingsFormat::markdown);
    if (size_t list = buckets.find("## Crash buckets"); list != std::string::npos)
        out += "\n" + buckets.substr(list);
    return out;
}

std::string json_overview(const StoreOverview& o, size_t top) {
    Json by_version = Json::array();
    for (const VersionHealth& v : o.by_version) {
        Json entry = health_json(v.health);
        entry["app"] = v.app;
        entry["version"] = v.version;
        by_version.push_back(std::move(entry));
    }
    Json stalls = Json::array();
    for (size_t g = 0; g < shown(o.stall_groups.size(), top); ++g) {
        const StoredStallGroup& group = o.stall_groups[g];
        Json stack = Json::array();
        for (const StackEntry& e : group.stack)
            stack.push_back({{"file", e.file}, {"line", e.line}, {"function", e.function}});
        stalls.push_back({{"signature", group.signature},
                          {"kind", stall_kind_id(group.kind)},
                          {"remedy", stall_kind_remedy(group.kind)},
                          {"count", group.count},
                          {"sessions", group.sessions},
                          {"total_seconds", group.total_s},
                          {"longest_seconds", group.longest_s},
                          {"unfinished", group.unfinished},
                          {"versions", group.versions},
                          {"stack", std::move(stack)}});
    }
    Json profiles = Json::array();
    for (const StoredSource& p : o.profiles)
        profiles.push_back({{"id", p.id}, {"path", p.path}, {"functions", p.item_count}});
    Json out = {
        {"store", o.db_path},
        {"sessions", o.sessions.size()},
        {"health", health_json(o.health)},
        {"by_version", std::move(by_version)},
        {"crash_bucket_count", o.buckets.size()},
        {"crash_buckets", buckets_json(std::span(o.buckets).first(shown(o.buckets.size(), top)))},
        {"stall_group_count", o.stall_groups.size()},
        {"stall_groups", std::move(stalls)},
        {"profiles", std::move(profiles)}};
    return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace

std::string format_overview(const StoreOverview& overview, FindingsFormat format, size_t top) {
    switch (format) {
    case FindingsFormat::text:
        return text_overview(overview, top);
    case FindingsFormat::markdown:
        return markdown_overview(overview, top);
    case FindingsFormat::json:
        return json_overview(overview, top);
    }
    return {};
}

} // namespace framescope
