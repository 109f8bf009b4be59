// The SQLite database: opening it (creating the schema or upgrading it), transactions and
// prepared statements as small move-only RAII types. The store is the only place with SQL.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "core/error.h"

namespace framescope {

class Statement {
  public:
    Statement() = default;
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_null(int index);
    Statement& bind_blob(int index, std::span<const uint8_t> bytes);
    // SQLITE_ROW: true; SQLITE_DONE: false; anything else sets `error`.
    bool step(std::optional<Error>& error);
    // Runs to completion and resets, for INSERT/UPDATE.
    Status run();
    void reset();

    int64_t column_int(int i) const { return sqlite3_column_int64(stmt_.get(), i); }
    double column_double(int i) const { return sqlite3_column_double(stmt_.get(), i); }
    bool column_is_null(int i) const { return sqlite3_column_type(stmt_.get(), i) == SQLITE_NULL; }
    std::string_view column_text(int i) const;
    std::span<const uint8_t> column_blob(int i) const;

  private:
    struct Finalizer {
        void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
    };
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

class Database {
  public:
    // Opens (creating if needed) the database at `path` and brings its schema up to date.
    static Result<Database> open(const std::string& path);

    Result<Statement> prepare(std::string_view sql);
    Status exec(const char* sql);
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_.get(); }
    Error error(const std::string& what) const; // "what: sqlite3_errmsg()", naming the file

  private:
    struct Closer {
        void operator()(sqlite3* db) const { sqlite3_close(db); }
    };
    std::unique_ptr<sqlite3, Closer> db_;
    std::string path_;
};

// A transaction that rolls back unless committed: a failed import leaves nothing behind.
class Transaction {
  public:
    static Result<Transaction> begin(Database& db);
    Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
    Transaction(const Transaction&) = delete;
    ~Transaction();
    Status commit();

  private:
    explicit Transaction(Database* db) : db_(db) {}
    Database* db_;
};

// $FRAMESCOPE_DB, else $XDG_DATA_HOME/framescope/framescope.db, else under ~/.local/share.
std::string default_database_path();

} // namespace framescope
