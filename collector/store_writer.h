// The collector's one writer: SQLite has a single writer, so uploads are parsed in parallel
// and stored one at a time through this, on one connection. A failed write drops the
// connection and the next write opens a new one, so a store that comes back (a PostgreSQL
// server restarted) is used again without restarting the collector.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "core/error.h"
#include "model/store_import.h"
#include "store/database.h"
#include "store/source_rows.h"

namespace framescope {

class StoreWriter {
  public:
    explicit StoreWriter(std::string db_path) : db_path_(std::move(db_path)) {}

    // Opens the store now, so that a wrong --db fails at startup.
    Status connect();
    // Stores `loaded` in its own transaction; returns once it committed. Any error is the
    // store's: the input was already read and parsed.
    Result<ImportOutcome> write(const LoadedInput& loaded);
    // Whether the store answers a query now: the newest source's id.
    Result<SourceId> check();

  private:
    Result<Database*> connection(); // with mutex_ held

    std::string db_path_;
    std::mutex mutex_;
    std::optional<Database> db_;
};

} // namespace framescope
