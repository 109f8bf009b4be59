#include "model/stored_inputs.h"

#include <charconv>
#include <filesystem>

#include "store/pstats_store.h"
#include "store/session_store.h"

namespace framescope {

std::optional<SourceId> stored_id(const std::string& name) {
    if (name.size() < 2 || name[0] != '@' || std::filesystem::exists(name))
        return std::nullopt;
    SourceId id = 0;
    auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), id);
    if (ec != std::errc() || end != name.data() + name.size())
        return std::nullopt;
    return id;
}

Result<Database*> StoreHandle::get() {
    if (!db_) {
        Result<Database> opened = Database::open(path_.value_or(default_database_path()));
        if (!opened)
            return opened.error();
        db_ = std::move(opened).value();
    }
    return &*db_;
}

Result<AnyProfile> read_named_profile(const std::string& name, StoreHandle& store,
                                      LoadProgress* progress, CallerEdges callers) {
    std::optional<SourceId> id = stored_id(name);
    if (!id)
        return read_profile_file(name, progress, callers);
    Result<Database*> db = store.get();
    if (!db)
        return db.error();
    Result<PstatsProfile> stored = load_stored_pstats(**db, *id);
    if (!stored)
        return stored.error();
    return AnyProfile(std::move(*stored));
}

Status load_stored_sessions(StoreHandle& store, std::span<const SourceId> ids,
                            std::vector<ReportBundle>& into) {
    if (ids.empty())
        return Ok{};
    Result<Database*> db = store.get();
    if (!db)
        return db.error();
    for (SourceId id : ids) {
        Result<ReportBundle> session = load_stored_session(**db, id);
        if (!session)
            return session.error();
        into.push_back(std::move(*session));
    }
    return Ok{};
}

Result<bool> is_stored_profile(StoreHandle& store, SourceId id) {
    Result<Database*> db = store.get();
    if (!db)
        return db.error();
    Result<std::string> kind = stored_source_kind(**db, id);
    if (!kind)
        return kind.error();
    return *kind == "pstats";
}

} // namespace framescope
