#include "collector/store_writer.h"

namespace framescope {

Result<Database*> StoreWriter::connection() {
    if (!db_) {
        Result<Database> opened = Database::open(db_path_);
        if (!opened)
            return opened.error();
        db_ = std::move(*opened);
    }
    return &*db_;
}

Status StoreWriter::connect() {
    std::lock_guard lock(mutex_);
    Result<Database*> db = connection();
    if (!db)
        return db.error();
    return Ok{};
}

Result<ImportOutcome> StoreWriter::write(const LoadedInput& loaded) {
    std::lock_guard lock(mutex_);
    Result<Database*> db = connection();
    if (!db)
        return db.error();
    Result<ImportOutcome> outcome = store_input(**db, loaded);
    if (!outcome)
        db_.reset();
    return outcome;
}

Result<SourceId> StoreWriter::check() {
    std::lock_guard lock(mutex_);
    Result<Database*> db = connection();
    if (!db)
        return db.error();
    Result<SourceId> last = last_source_id(**db);
    if (!last)
        db_.reset();
    return last;
}

} // namespace framescope
