// Database: open (a SQLite file or a PostgreSQL server), schema versioning (PRAGMA
// user_version on SQLite, a schema_version table on PostgreSQL), and RAII statements that
// forward to the backend in use.

#include "store/database.h"

#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <optional>

#include "store/embedded_schema.h"
#include "store/postgres_connection.h"
#include "store/store_url.h"

namespace framescope {
namespace {

// migrations[v - 1] brings a database from version v - 1 to version v; both dialects have
// the same versions.
constexpr std::string_view kMigrations[] = {kSchemaV1, kSchemaV2, kSchemaV3,
                                            kSchemaV4, kSchemaV5, kSchemaV6};
constexpr std::string_view kPostgresMigrations[] = {kPostgresSchemaV1, kPostgresSchemaV2,
                                                    kPostgresSchemaV3, kPostgresSchemaV4,
                                                    kPostgresSchemaV5, kPostgresSchemaV6};
constexpr int kSchemaVersion = int(std::size(kMigrations));
static_assert(std::size(kPostgresMigrations) == std::size(kMigrations));

// The schema version that `query` (one row, one number) reads from the database.
Result<int64_t> schema_version(Database& db, const char* query) {
    Result<Statement> version = db.prepare(query);
    if (!version)
        return version.error();
    std::optional<Error> error;
    int64_t current = version->step(error) ? version->column_int(0) : 0;
    if (error)
        return *error;
    return current;
}

Error newer_schema(int64_t version, const std::string& where) {
    return Error{"database schema version " + std::to_string(version) +
                     " is newer than this framescope understands (" +
                     std::to_string(kSchemaVersion) + ")",
                 where};
}

} // namespace

Statement::Statement() = default;
Statement::Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
Statement::Statement(std::unique_ptr<PostgresStatement> statement) : pg_(std::move(statement)) {}
Statement::Statement(Statement&&) noexcept = default;
Statement& Statement::operator=(Statement&&) noexcept = default;
Statement::~Statement() = default;

Statement& Statement::bind(int index, int64_t value) {
    if (pg_)
        pg_->bind(index, value);
    else
        sqlite3_bind_int64(stmt_.get(), index, value);
    return *this;
}
Statement& Statement::bind(int index, double value) {
    if (pg_)
        pg_->bind(index, value);
    else
        sqlite3_bind_double(stmt_.get(), index, value);
    return *this;
}
Statement& Statement::bind_blob(int index, std::span<const uint8_t> bytes) {
    if (pg_) {
        pg_->bind_blob(index, bytes);
        return *this;
    }
    // Like text, an empty blob is a blob, not NULL.
    static const uint8_t empty = 0;
    sqlite3_bind_blob64(stmt_.get(), index, bytes.empty() ? &empty : bytes.data(), bytes.size(),
                        SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
    if (pg_) {
        pg_->bind(index, text);
        return *this;
    }
    // A null pointer would bind SQL NULL: an empty text is still a text.
    sqlite3_bind_text(stmt_.get(), index, text.data() ? text.data() : "", int(text.size()),
                      SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind_null(int index) {
    if (pg_)
        pg_->bind_null(index);
    else
        sqlite3_bind_null(stmt_.get(), index);
    return *this;
}

bool Statement::step(std::optional<Error>& error) {
    if (pg_)
        return pg_->step(error);
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE) {
        sqlite3* db = sqlite3_db_handle(stmt_.get());
        error =
            Error{std::string("database: ") + sqlite3_errmsg(db), sqlite3_db_filename(db, "main")};
    }
    return false;
}

Status Statement::run() {
    if (pg_)
        return pg_->run();
    std::optional<Error> error;
    while (step(error)) {
    }
    reset();
    if (error)
        return *error;
    return Ok{};
}

void Statement::reset() {
    // Bindings stay: bulk inserts rebind every parameter, and clearing them costs per row.
    if (pg_)
        pg_->reset();
    else
        sqlite3_reset(stmt_.get());
}

int64_t Statement::pg_column_int(int i) const {
    return pg_->column_int(i);
}
double Statement::pg_column_double(int i) const {
    return pg_->column_double(i);
}
bool Statement::column_is_null(int i) const {
    return pg_ ? pg_->column_is_null(i) : sqlite3_column_type(stmt_.get(), i) == SQLITE_NULL;
}

std::string_view Statement::column_text(int i) const {
    if (pg_)
        return pg_->column_text(i);
    auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), i));
    return text ? std::string_view(text, size_t(sqlite3_column_bytes(stmt_.get(), i)))
                : std::string_view();
}

std::span<const uint8_t> Statement::column_blob(int i) const {
    if (pg_)
        return pg_->column_blob(i);
    auto* bytes = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_.get(), i));
    return bytes ? std::span<const uint8_t>(bytes, size_t(sqlite3_column_bytes(stmt_.get(), i)))
                 : std::span<const uint8_t>();
}

Database::Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Error Database::error(const std::string& what) const {
    if (pg_)
        return pg_->error(what);
    return Error{what + ": " + sqlite3_errmsg(db_.get()), path_};
}

Result<Database> Database::open(const std::string& location) {
    Result<StoreKind> kind = store_kind_of(location);
    if (!kind)
        return kind.error();
    return *kind == StoreKind::postgres ? open_postgres(location) : open_sqlite(location);
}

Result<Database> Database::open_postgres(const std::string& url) {
    Result<std::shared_ptr<PostgresConnection>> connection = PostgresConnection::connect(url);
    if (!connection)
        return connection.error();
    Database db;
    db.pg_ = std::move(*connection);
    db.path_ = db.pg_->name();
    // The check and every upgrade in one transaction, under the writers' lock: two collectors
    // starting at once on a new database create the schema once.
    Result<Transaction> tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    if (Status s = db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        !s)
        return s.error();
    Result<int64_t> stored =
        schema_version(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (!stored)
        return stored.error();
    int64_t current = *stored;
    if (current > kSchemaVersion)
        return newer_schema(current, db.path_);
    if (current == kSchemaVersion) {
        if (Status s = tx->commit(); !s)
            return s.error();
        return db;
    }
    for (int64_t next = current + 1; next <= kSchemaVersion; ++next)
        if (Status s = db.exec(std::string(kPostgresMigrations[next - 1]).c_str()); !s)
            return s.error();
    std::string record = "DELETE FROM schema_version; INSERT INTO schema_version VALUES (" +
                         std::to_string(kSchemaVersion) + ")";
    if (Status s = db.exec(record.c_str()); !s)
        return s.error();
    if (Status s = tx->commit(); !s)
        return s.error();
    return db;
}

Result<Database> Database::open_sqlite(const std::string& path) {
    Database db;
    db.path_ = path;
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty())
        std::filesystem::create_directories(parent, ec);
    sqlite3* handle = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db.db_.reset(handle);
    if (rc != SQLITE_OK)
        return db.error("cannot open database");
    sqlite3_busy_timeout(handle, 5000);
    // WAL lets the window read while an import writes; NORMAL sync is still crash-safe there.
    if (Status s = db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                           "PRAGMA foreign_keys=ON;");
        !s)
        return s.error();

    Result<int64_t> stored = schema_version(db, "PRAGMA user_version");
    if (!stored)
        return stored.error();
    int64_t current = *stored;
    if (current > kSchemaVersion)
        return newer_schema(current, path);
    // Each step is one transaction: a failed upgrade leaves the database at the last version.
    for (int64_t next = current + 1; next <= kSchemaVersion; ++next) {
        Result<Transaction> tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        std::string schema(kMigrations[next - 1]);
        schema += "PRAGMA user_version = " + std::to_string(next) + ";";
        if (Status s = db.exec(schema.c_str()); !s)
            return s.error();
        if (Status s = tx->commit(); !s)
            return s.error();
    }
    return db;
}

Result<Statement> Database::prepare(std::string_view sql) {
    if (pg_)
        return Statement(std::make_unique<PostgresStatement>(pg_, sql));
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_.get(), sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK)
        return error("cannot prepare statement");
    return Statement(stmt);
}

Status Database::exec(const char* sql) {
    if (pg_)
        return pg_->exec(sql);
    char* message = nullptr;
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
        Error e{std::string("database: ") + (message ? message : "unknown error"), path_};
        sqlite3_free(message);
        return e;
    }
    return Ok{};
}

Status Database::copy_rows(const std::string& table_columns, std::string_view rows) {
    if (!pg_)
        return Error{"COPY is PostgreSQL's", path_};
    return pg_->copy_in("COPY " + table_columns + " FROM STDIN", rows);
}

Status Database::begin_transaction() {
    return pg_ ? pg_->begin() : exec("BEGIN IMMEDIATE");
}

Status Database::commit_transaction() {
    return pg_ ? pg_->commit() : exec("COMMIT");
}

void Database::rollback_transaction() {
    if (pg_)
        pg_->rollback();
    else
        (void)exec("ROLLBACK");
}

Result<Transaction> Transaction::begin(Database& db) {
    if (Status s = db.begin_transaction(); !s)
        return s.error();
    return Transaction(&db);
}

Transaction::~Transaction() {
    if (db_)
        db_->rollback_transaction();
}

Status Transaction::commit() {
    Status s = db_->commit_transaction();
    // On PostgreSQL a failed COMMIT has ended the transaction too; ROLLBACK is then harmless.
    if (s)
        db_ = nullptr;
    return s;
}

std::string default_database_path() {
    if (const char* env = std::getenv("FRAMESCOPE_DB"); env && *env)
        return env;
    std::string base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::string(home) + "/.local/share";
    else
        base = ".";
    return base + "/framescope/framescope.db";
}

} // namespace framescope
