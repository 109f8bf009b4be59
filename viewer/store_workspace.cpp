// StoreWorkspace: the overview is one read of the store (model/store_overview); the sessions
// list is filtered and sorted again only when the filter or the sort changes.

#include "viewer/store_workspace.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "model/bucket_format.h"
#include "model/findings_format.h"
#include "viewer/views/store_colours.h"

namespace framescope {

void StoreWorkspace::open(std::string db_path) {
    db_path_ = std::move(db_path);
    error_.clear();
    overview_job_ = std::make_unique<StoreOverviewJob>(db_path_);
}

float StoreWorkspace::progress() const {
    return overview_job_ ? overview_job_->progress().fraction() : 0.f;
}

void StoreWorkspace::import(std::vector<std::string> paths) {
    if (import_job_)
        return; // one import at a time; the window says it is busy
    import_job_ = std::make_unique<BackgroundJob<ImportReport>>(
        [db = db_path_, paths = std::move(paths)](LoadProgress&) -> Result<ImportReport> {
            Result<Database> opened = Database::open(db);
            if (!opened)
                return opened.error();
            return import_paths(*opened, paths);
        });
}

void StoreWorkspace::poll() {
    if (import_job_)
        if (auto result = import_job_->take_result()) {
            import_job_.reset();
            if (!*result) {
                error_ = result->error().to_string();
            } else {
                note_ = "imported " + std::to_string((*result)->imported) + " of " +
                        std::to_string((*result)->lines.size());
                error_.clear();
                for (const std::string& line : (*result)->lines)
                    if (!line.starts_with("@"))
                        error_ += (error_.empty() ? "" : "\n") + line;
                open(db_path_);
            }
        }
    if (overview_job_)
        if (auto result = overview_job_->take_result()) {
            overview_job_.reset();
            if (!*result) {
                error_ = result->error().to_string();
                return;
            }
            overview_ = std::move(**result);
            selected_bucket_ = SIZE_MAX;
            sessions_.show(overview_);
            if (overview_->summarized)
                note_ = "summarized " + std::to_string(overview_->summarized) +
                        " sessions stored by an earlier version";
        }
}

std::vector<std::string> StoreWorkspace::draw() {
    if (!error_.empty())
        ImGui::TextColored(kCrashedColour, "%s", error_.c_str());
    if (!overview_) {
        ImGui::TextDisabled("reading the store %s ...", db_path_.c_str());
        return {};
    }
    const StoreOverview& o = *overview_;
    ImGui::Text("Store %s: %zu sessions, %zu profiles", o.db_path.c_str(), o.sessions.size(),
                o.profiles.size());
    ImGui::SameLine();
    ImGui::TextDisabled("(drop files on the window to import them)");
    draw_health();

    std::vector<std::string> open;
    float pane_height = std::max(160.f, ImGui::GetContentRegionAvail().y * 0.4f);
    float pane_width = ImGui::GetContentRegionAvail().x * 0.5f - 4;
    ImGui::BeginChild("buckets", ImVec2(pane_width, pane_height), true);
    if (std::vector<std::string> chosen = draw_buckets(); !chosen.empty())
        open = std::move(chosen);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("stalls", ImVec2(0, pane_height), true);
    if (std::vector<std::string> chosen = draw_stall_groups(); !chosen.empty())
        open = std::move(chosen);
    ImGui::EndChild();

    if (ImGui::BeginTabBar("store-lists")) {
        std::string sessions_tab = "Sessions (" + std::to_string(o.sessions.size()) + ")###s";
        if (ImGui::BeginTabItem(sessions_tab.c_str())) {
            if (std::optional<std::string> chosen = sessions_.draw())
                open = {*chosen};
            ImGui::EndTabItem();
        }
        std::string profiles_tab = "Profiles (" + std::to_string(o.profiles.size()) + ")###p";
        if (ImGui::BeginTabItem(profiles_tab.c_str())) {
            if (std::vector<std::string> chosen = draw_profiles(); !chosen.empty())
                open = std::move(chosen);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    return open;
}

void StoreWorkspace::draw_health() {
    const StoreOverview& o = *overview_;
    ImGui::TextUnformatted("Release health");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", health_text(o.health).c_str());
    // Up to six versions show whole; more scroll under a fixed header.
    constexpr size_t kShownVersions = 6;
    bool scrolls = o.by_version.size() > kShownVersions;
    ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_SizingStretchProp |
                            (scrolls ? ImGuiTableFlags_ScrollY : 0);
    float height = scrolls ? (kShownVersions + 1.5f) * ImGui::GetTextLineHeightWithSpacing() : 0;
    if (!ImGui::BeginTable("health", 7, flags, ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* name :
         {"application", "version", "sessions", "crashed", "hung", "crash-free", "median length"})
        ImGui::TableSetupColumn(name);
    ImGui::TableHeadersRow();
    for (const VersionHealth& v : o.by_version) {
        const SessionHealth& h = v.health;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(v.app.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(v.version.empty() ? "(none)" : v.version.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%zu", h.sessions);
        ImGui::TableNextColumn();
        ImGui::TextColored(h.crashed ? kCrashedColour : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                           "%zu (%s)", h.crashed, percent(h.share(h.crashed)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(h.hung ? kHungColour : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                           "%zu (%s)", h.hung, percent(h.share(h.hung)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(percent(h.crash_free()).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(minutes_seconds(h.median_length_s).c_str());
    }
    ImGui::EndTable();
}

std::vector<std::string> StoreWorkspace::draw_buckets() {
    const StoreOverview& o = *overview_;
    ImGui::Text("Crash buckets (%zu)", o.buckets.size());
    ImGui::SameLine();
    ImGui::TextDisabled("double-click: open its sessions");
    std::vector<std::string> open;
    if (!ImGui::BeginTable("bucket-list", 5, kListFlags & ~ImGuiTableFlags_Sortable))
        return open;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("exception", ImGuiTableColumnFlags_WidthStretch);
    for (const char* name : {"reports", "sessions", "first version", "last seen"})
        ImGui::TableSetupColumn(name);
    ImGui::TableHeadersRow();
    for (size_t b = 0; b < o.buckets.size(); ++b) {
        const CrashBucket& bucket = o.buckets[b];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(int(b));
        std::string title = bucket.unparsed ? "unparsed reports" : bucket.signature.exception;
        if (!bucket.variants.empty() && !bucket.variants.front().first.empty())
            title += ": " + bucket.variants.front().first;
        if (ImGui::Selectable(title.c_str(), selected_bucket_ == b, kRowFlags)) {
            selected_bucket_ = b;
            if (ImGui::IsMouseDoubleClicked(0))
                open = names_of(sessions_of(o, bucket));
        }
        if (ImGui::IsItemHovered() && bucket.latest)
            ImGui::SetTooltip("%s", bucket.latest->text.c_str());
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::Text("%zu", bucket.count);
        ImGui::TableNextColumn();
        ImGui::Text("%zu", bucket.sessions);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(bucket.versions.empty() ? "" : bucket.versions.front().c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_time(bucket.last_seen_unix).c_str());
    }
    ImGui::EndTable();
    return open;
}

std::vector<std::string> StoreWorkspace::draw_stall_groups() {
    const StoreOverview& o = *overview_;
    ImGui::Text("Stall groups (%zu)", o.stall_groups.size());
    ImGui::SameLine();
    ImGui::TextDisabled("double-click: open its sessions");
    std::vector<std::string> open;
    if (!ImGui::BeginTable("stall-list", 6, kListFlags & ~ImGuiTableFlags_Sortable))
        return open;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("where", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("kind");
    for (const char* name : {"time lost", "stalls", "sessions", "hung"})
        ImGui::TableSetupColumn(name);
    ImGui::TableHeadersRow();
    for (size_t g = 0; g < o.stall_groups.size(); ++g) {
        const StoredStallGroup& group = o.stall_groups[g];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(int(g));
        std::string where =
            group.stack.empty() ? "(no stack)" : describe_frame(group.stack.front());
        if (ImGui::Selectable(where.c_str(), false, kRowFlags) && ImGui::IsMouseDoubleClicked(0))
            open = names_of(group.sessions_with);
        if (ImGui::IsItemHovered()) {
            std::string stack;
            for (const StackEntry& entry : group.stack)
                stack += describe_frame(entry) + "\n";
            ImGui::SetTooltip("%s\nremedy: %s\n\n%sversions: %s", stall_kind_title(group.kind),
                              stall_kind_remedy(group.kind), stack.c_str(),
                              joined_or_unknown(group.versions).c_str());
        }
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(stall_kind_id(group.kind));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(describe_seconds(group.total_s).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%zu", group.count);
        ImGui::TableNextColumn();
        ImGui::Text("%zu", group.sessions);
        ImGui::TableNextColumn();
        if (group.unfinished)
            ImGui::TextColored(kHungColour, "%zu", group.unfinished);
    }
    ImGui::EndTable();
    return open;
}

std::vector<std::string> StoreWorkspace::draw_profiles() {
    const StoreOverview& o = *overview_;
    ImGui::TextDisabled("double-click a profile to open it");
    std::vector<std::string> open;
    if (!ImGui::BeginTable("profile-list", 4, kListFlags & ~ImGuiTableFlags_Sortable))
        return open;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* name : {"@", "functions", "imported"})
        ImGui::TableSetupColumn(name);
    ImGui::TableSetupColumn("file", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const StoredSource& p : o.profiles) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        std::string id = "@" + std::to_string(p.id);
        if (ImGui::Selectable(id.c_str(), false, kRowFlags) && ImGui::IsMouseDoubleClicked(0))
            open = {id};
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(p.item_count));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_time(double(p.imported_at_s)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p.path.c_str());
    }
    ImGui::EndTable();
    return open;
}

std::vector<std::string> StoreWorkspace::names_of(const std::vector<size_t>& sessions) const {
    std::vector<std::string> names;
    for (size_t i : sessions)
        names.push_back("@" + std::to_string(overview_->ids[i]));
    return names;
}

} // namespace framescope
