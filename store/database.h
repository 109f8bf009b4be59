// The store's database: opening it (creating the schema or upgrading it), transactions and
// prepared statements as small move-only RAII types. The store is the only place with SQL.
// A database is a SQLite file or a PostgreSQL server (store/store_url.h decides which);
// callers see no difference. SQL is written once for both where the dialects agree.
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

class PostgresConnection;
class PostgresStatement;

// Reading a SQLite column stays inline: a profile reads back a million edge rows a second.
class Statement {
  public:
    Statement();
    explicit Statement(sqlite3_stmt* stmt);
    explicit Statement(std::unique_ptr<PostgresStatement> statement);
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    ~Statement();

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

    int64_t column_int(int i) const {
        return pg_ ? pg_column_int(i) : sqlite3_column_int64(stmt_.get(), i);
    }
    double column_double(int i) const {
        return pg_ ? pg_column_double(i) : sqlite3_column_double(stmt_.get(), i);
    }
    bool column_is_null(int i) const;
    std::string_view column_text(int i) const;
    std::span<const uint8_t> column_blob(int i) const;

  private:
    int64_t pg_column_int(int i) const;
    double pg_column_double(int i) const;

    struct Finalizer {
        void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
    };
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
    std::unique_ptr<PostgresStatement> pg_; // set instead of stmt_ on PostgreSQL
};

class Database {
  public:
    // Opens (creating if needed) the database `location` names, a file path or a
    // postgresql:// URL, and brings its schema up to date.
    static Result<Database> open(const std::string& location);

    Database();
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    Result<Statement> prepare(std::string_view sql);
    Status exec(const char* sql);
    // The file, or the server's URL without its password: what errors name.
    const std::string& path() const { return path_; }
    // "what: the database's message", naming the file or server.
    Error error(const std::string& what) const;
    // PostgreSQL takes bulk rows several times faster through COPY than as INSERTs:
    // copy_rows("table (a, b)", ROWS) appends ROWS, COPY's text format (columns separated by
    // tabs, a row a line). Only where can_copy(); SQLite's fastest is a multi-row INSERT.
    bool can_copy() const { return bool(pg_); }
    Status copy_rows(const std::string& table_columns, std::string_view rows);

  private:
    friend class Transaction;
    static Result<Database> open_sqlite(const std::string& path);
    static Result<Database> open_postgres(const std::string& url);
    Status begin_transaction();
    Status commit_transaction();
    void rollback_transaction();

    struct Closer {
        void operator()(sqlite3* db) const { sqlite3_close(db); }
    };
    std::unique_ptr<sqlite3, Closer> db_;
    std::shared_ptr<PostgresConnection> pg_; // set instead of db_ on PostgreSQL
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

// $FRAMESCOPE_DB (a path or a URL), else $XDG_DATA_HOME/framescope/framescope.db, else under
// ~/.local/share.
std::string default_database_path();

} // namespace framescope
