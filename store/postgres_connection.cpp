#include "store/postgres_connection.h"

#include <charconv>
#include <cstring>

#include "store/libpq_library.h"
#include "store/store_url.h"

namespace framescope {
namespace {

// Every writer of a framescope database takes this transaction-level lock first.
constexpr const char* kBeginSql = "BEGIN; SELECT pg_advisory_xact_lock(7378422082906432883)";

// A message of libpq or the server on one line: its lines joined, tabs and runs of spaces
// as one space.
std::string one_line(std::string_view message) {
    std::string line;
    for (char c : message) {
        bool space = c == '\n' || c == '\t' || c == '\r' || c == ' ';
        if (space && (line.empty() || line.back() == ' '))
            continue;
        line += space ? ' ' : c;
    }
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

std::string server_message(PGconn* conn, const PGresult* result) {
    if (result)
        if (const char* primary = libpq().PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY))
            return one_line(primary);
    return one_line(libpq().PQerrorMessage(conn));
}

bool succeeded(const PGresult* result) {
    ExecStatusType status = result ? libpq().PQresultStatus(result) : PGRES_FATAL_ERROR;
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

struct ResultClear {
    void operator()(PGresult* result) const { libpq().PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultClear>;

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::string numbered_placeholders(std::string_view sql, int& count) {
    std::string out;
    out.reserve(sql.size() + 16);
    count = 0;
    char quote = 0; // inside '...' or "..."
    for (char c : sql) {
        if (quote) {
            if (c == quote)
                quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += '$' + std::to_string(++count);
        } else {
            out += c;
        }
    }
    return out;
}

Result<std::shared_ptr<PostgresConnection>> PostgresConnection::connect(const std::string& url) {
    std::shared_ptr<PostgresConnection> connection(new PostgresConnection());
    connection->name_ = url_for_display(url);
    if (Result<const LibpqFunctions*> loaded = load_libpq(); !loaded)
        return Error{loaded.error().message, connection->name_};
    // Values in the URL override these defaults: the URL is expanded last.
    const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname",
                          nullptr};
    const char* values[] = {"10", "framescope", "UTF8", url.c_str(), nullptr};
    connection->conn_ = libpq().PQconnectdbParams(keys, values, 1);
    if (!connection->conn_)
        return Error{"cannot connect: out of memory", connection->name_};
    if (libpq().PQstatus(connection->conn_) != CONNECTION_OK)
        return connection->error("cannot connect");
    // Notices ("relation already exists, skipping") are not for the user.
    libpq().PQsetNoticeProcessor(
        connection->conn_, [](void*, const char*) {}, nullptr);
    return connection;
}

PostgresConnection::~PostgresConnection() {
    if (conn_)
        libpq().PQfinish(conn_);
}

Error PostgresConnection::error(const std::string& what) const {
    return Error{what + ": " + one_line(libpq().PQerrorMessage(conn_)), name_};
}

Status PostgresConnection::ensure_connected() {
    if (libpq().PQstatus(conn_) == CONNECTION_OK)
        return Ok{};
    if (in_transaction_)
        return Error{"the connection to the server was lost during a transaction", name_};
    libpq().PQreset(conn_);
    prepared_.clear(); // they went with the old connection
    if (libpq().PQstatus(conn_) != CONNECTION_OK)
        return error("cannot reconnect");
    return Ok{};
}

Status PostgresConnection::exec(std::string_view sql) {
    if (Status s = wait_for_sent(); !s)
        return s;
    if (Status s = ensure_connected(); !s)
        return s;
    ResultPtr result(libpq().PQexec(conn_, std::string(sql).c_str()));
    if (!succeeded(result.get()))
        return Error{"database: " + server_message(conn_, result.get()) + " (in " +
                         statement_excerpt(sql) + ")",
                     name_};
    return Ok{};
}

Status PostgresConnection::begin() {
    Status begun = exec(kBeginSql);
    // A server restarted since the last command shows only now; nothing was done yet in this
    // transaction, so connecting again and beginning once more is safe.
    if (!begun && libpq().PQstatus(conn_) == CONNECTION_BAD) {
        if (Status s = ensure_connected(); !s)
            return s;
        begun = exec(kBeginSql);
    }
    if (!begun) {
        rollback();
        return begun;
    }
    in_transaction_ = true;
    return Ok{};
}

Status PostgresConnection::commit() {
    // An error among the rows sent: the transaction stays open, failed, for the rollback.
    if (Status s = wait_for_sent(); !s)
        return s;
    ResultPtr result(libpq().PQexec(conn_, "COMMIT"));
    in_transaction_ = false;
    if (!succeeded(result.get()))
        return Error{"database: cannot commit: " + server_message(conn_, result.get()), name_};
    // COMMIT of a transaction that failed earlier answers ROLLBACK, not an error.
    if (std::strcmp(libpq().PQcmdStatus(result.get()), "COMMIT") != 0)
        return Error{"database: the transaction was rolled back", name_};
    return Ok{};
}

void PostgresConnection::rollback() {
    (void)wait_for_sent(); // the error is what is being rolled back
    if (libpq().PQstatus(conn_) == CONNECTION_OK)
        libpq().PQclear(libpq().PQexec(conn_, "ROLLBACK"));
    in_transaction_ = false;
}

std::string PostgresConnection::prepared_name(const std::string& sql, int parameters,
                                              std::optional<Error>& error) {
    constexpr size_t kMostPrepared = 256; // beyond that, SQL is sent whole every time
    auto [at, first_use] = prepared_.try_emplace(sql);
    if (first_use || !at->second.empty())
        return at->second;
    if (prepared_.size() > kMostPrepared)
        return {};
    if (Status s = wait_for_sent(); !s) {
        error = s.error();
        return {};
    }
    std::string name = "framescope_" + std::to_string(++statements_);
    PGresult* result = libpq().PQprepare(conn_, name.c_str(), sql.c_str(), parameters, nullptr);
    bool prepared = succeeded(result);
    if (!prepared)
        error = Error{"database: " + server_message(conn_, result) + " (in " +
                          statement_excerpt(sql) + ")",
                      name_};
    libpq().PQclear(result);
    if (prepared)
        at->second = name;
    return at->second;
}

Status PostgresConnection::send_without_waiting(const std::string& prepared, int count,
                                                const char* const* values, const int* lengths,
                                                const int* formats,
                                                const std::shared_ptr<const std::string>& excerpt) {
    // Results are read every so many statements: unread, they would fill the server's send
    // buffer until it stopped reading ours.
    constexpr size_t kMostPending = 1000;
    if (sent_.size() >= kMostPending)
        if (Status s = wait_for_sent(); !s)
            return s;
    if (!pipelined_) {
        if (libpq().PQenterPipelineMode(conn_) != 1)
            return error("cannot stream statements");
        pipelined_ = true;
    }
    if (libpq().PQsendQueryPrepared(conn_, prepared.c_str(), count, values, lengths, formats, 0) !=
        1)
        return Error{"database: " + one_line(libpq().PQerrorMessage(conn_)) + " (in " + *excerpt +
                         ")",
                     name_};
    sent_.push_back(excerpt);
    return Ok{};
}

Status PostgresConnection::wait_for_sent() {
    if (!pipelined_)
        return Ok{};
    std::optional<Error> first;
    auto fail = [&](const PGresult* result, size_t index) {
        if (!first)
            first =
                Error{"database: " + server_message(conn_, result) + " (in " +
                          (index < sent_.size() ? *sent_[index] : std::string("'COMMIT'")) + ")",
                      name_};
    };
    if (libpq().PQpipelineSync(conn_) != 1) {
        fail(nullptr, sent_.size());
    } else {
        // Each statement's results end with a null; the sync point ends them all.
        for (size_t index = 0;;) {
            PGresult* result = libpq().PQgetResult(conn_);
            if (!result) {
                if (libpq().PQstatus(conn_) == CONNECTION_BAD) {
                    fail(nullptr, index);
                    break;
                }
                ++index;
                continue;
            }
            ExecStatusType status = libpq().PQresultStatus(result);
            if (status == PGRES_FATAL_ERROR)
                fail(result, index);
            libpq().PQclear(result);
            if (status == PGRES_PIPELINE_SYNC)
                break;
        }
    }
    sent_.clear();
    if (libpq().PQstatus(conn_) == CONNECTION_OK && libpq().PQexitPipelineMode(conn_) == 1)
        pipelined_ = false;
    else if (libpq().PQstatus(conn_) != CONNECTION_OK)
        pipelined_ = false; // a new connection starts outside pipeline mode
    if (first)
        return *first;
    if (pipelined_)
        return error("cannot leave pipeline mode");
    return Ok{};
}

Status PostgresConnection::copy_in(const std::string& copy, std::string_view rows) {
    if (Status s = wait_for_sent(); !s)
        return s;
    if (Status s = ensure_connected(); !s)
        return s;
    auto failed = [&](const PGresult* result) {
        return Error{"database: " + server_message(conn_, result) + " (in " +
                         statement_excerpt(copy) + ")",
                     name_};
    };
    ResultPtr started(libpq().PQexec(conn_, copy.c_str()));
    if (!started || libpq().PQresultStatus(started.get()) != PGRES_COPY_IN)
        return failed(started.get());
    constexpr size_t kChunkBytes = 1 << 20;
    bool sent = true;
    for (size_t at = 0; sent && at < rows.size(); at += kChunkBytes) {
        std::string_view chunk = rows.substr(at, kChunkBytes);
        sent = libpq().PQputCopyData(conn_, chunk.data(), int(chunk.size())) == 1;
    }
    sent = libpq().PQputCopyEnd(conn_, sent ? nullptr : "the rows could not be sent") == 1 && sent;
    // The COPY's own result, then a null once it is over.
    std::optional<Error> error;
    while (PGresult* result = libpq().PQgetResult(conn_)) {
        if (!succeeded(result) && !error)
            error = failed(result);
        libpq().PQclear(result);
    }
    if (!sent && !error)
        error = failed(nullptr);
    if (error)
        return *error;
    return Ok{};
}

std::string PostgresConnection::statement_excerpt(std::string_view sql) {
    constexpr size_t kShown = 60;
    std::string shown = one_line(sql.substr(0, kShown * 2));
    if (shown.size() > kShown || sql.size() > kShown * 2)
        shown = shown.substr(0, kShown) + "...";
    return "'" + shown + "'";
}

PostgresStatement::PostgresStatement(std::shared_ptr<PostgresConnection> connection,
                                     std::string_view sql)
    : connection_(std::move(connection)) {
    int count = 0;
    sql_ = numbered_placeholders(sql, count);
    excerpt_ = std::make_shared<const std::string>(PostgresConnection::statement_excerpt(sql));
    parameters_.resize(size_t(count));
}

PostgresStatement::~PostgresStatement() {
    libpq().PQclear(result_);
}

PostgresStatement::Parameter& PostgresStatement::parameter(int index) {
    // Like sqlite3_bind_*, an index out of range binds nothing (it goes to a spare slot).
    static thread_local Parameter spare;
    if (index < 1 || size_t(index) > parameters_.size())
        return spare;
    return parameters_[size_t(index - 1)];
}

void PostgresStatement::bind(int index, int64_t value) {
    Parameter& p = parameter(index);
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    p.value.assign(digits, end);
    p.is_null = p.is_binary = false;
}

void PostgresStatement::bind(int index, double value) {
    Parameter& p = parameter(index);
    char digits[32];
    // Shortest round-trip form: the server reads back the very same double.
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    p.value.assign(digits, end);
    p.is_null = p.is_binary = false;
}

void PostgresStatement::bind(int index, std::string_view text) {
    Parameter& p = parameter(index);
    p.value.assign(text.data() ? text.data() : "", text.size());
    // PostgreSQL's text cannot hold NUL (a text parameter would end there): U+FFFD instead.
    for (size_t at; (at = p.value.find('\0')) != std::string::npos;)
        p.value.replace(at, 1, "\xEF\xBF\xBD");
    p.is_null = p.is_binary = false;
}

void PostgresStatement::bind_null(int index) {
    parameter(index).is_null = true;
}

void PostgresStatement::bind_blob(int index, std::span<const uint8_t> bytes) {
    Parameter& p = parameter(index);
    p.value.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    p.is_null = false;
    p.is_binary = true;
}

PostgresStatement::Arguments PostgresStatement::arguments() const {
    Arguments arguments;
    for (const Parameter& p : parameters_) {
        arguments.values.push_back(p.is_null ? nullptr : p.value.c_str());
        arguments.lengths.push_back(int(p.value.size()));
        arguments.formats.push_back(p.is_binary ? 1 : 0);
    }
    return arguments;
}

bool PostgresStatement::execute(std::optional<Error>& error) {
    if (Status s = connection_->wait_for_sent(); !s) {
        error = s.error();
        return false;
    }
    Arguments a = arguments();
    int count = int(parameters_.size());
    auto send = [&] {
        if (Status s = connection_->ensure_connected(); !s) {
            error = s.error();
            return;
        }
        std::string prepared = connection_->prepared_name(sql_, count, error);
        if (error)
            return;
        PGconn* conn = connection_->handle();
        result_ = prepared.empty()
                      ? libpq().PQexecParams(conn, sql_.c_str(), count, nullptr, a.values.data(),
                                             a.lengths.data(), a.formats.data(), 0)
                      : libpq().PQexecPrepared(conn, prepared.c_str(), count, a.values.data(),
                                               a.lengths.data(), a.formats.data(), 0);
        if (!succeeded(result_)) {
            error = Error{"database: " + server_message(conn, result_) + " (in " + *excerpt_ + ")",
                          connection_->name()};
            libpq().PQclear(result_);
            result_ = nullptr;
        }
    };
    send();
    // A server restarted since the last statement shows only now. Outside a transaction the
    // statement is a read (the store writes in transactions): connecting again and sending it
    // once more is safe.
    if (error && !connection_->in_transaction() &&
        libpq().PQstatus(connection_->handle()) == CONNECTION_BAD) {
        error.reset();
        send();
    }
    return !error;
}

bool PostgresStatement::step(std::optional<Error>& error) {
    if (!result_) {
        if (!execute(error))
            return false;
        row_ = 0;
    } else if (row_ < libpq().PQntuples(result_)) {
        ++row_;
    }
    blobs_.clear();
    return row_ < libpq().PQntuples(result_);
}

Status PostgresStatement::run() {
    std::optional<Error> error;
    std::string prepared;
    if (connection_->in_transaction() && libpq().PQstatus(connection_->handle()) == CONNECTION_OK)
        prepared = connection_->prepared_name(sql_, int(parameters_.size()), error);
    if (error)
        return *error;
    if (prepared.empty()) { // the first run, or outside a transaction: wait for it
        while (step(error)) {
        }
        reset();
        return error ? Status(*error) : Status(Ok{});
    }
    Arguments a = arguments();
    return connection_->send_without_waiting(prepared, int(parameters_.size()), a.values.data(),
                                             a.lengths.data(), a.formats.data(), excerpt_);
}

void PostgresStatement::reset() {
    libpq().PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    blobs_.clear();
}

std::string_view PostgresStatement::column_text(int i) const {
    if (!result_ || row_ < 0 || row_ >= libpq().PQntuples(result_) || i < 0 ||
        i >= libpq().PQnfields(result_))
        return {};
    return {libpq().PQgetvalue(result_, row_, i), size_t(libpq().PQgetlength(result_, row_, i))};
}

bool PostgresStatement::column_is_null(int i) const {
    if (!result_ || row_ < 0 || row_ >= libpq().PQntuples(result_) || i < 0 ||
        i >= libpq().PQnfields(result_))
        return true;
    return libpq().PQgetisnull(result_, row_, i) != 0;
}

int64_t PostgresStatement::column_int(int i) const {
    std::string_view text = column_text(i);
    if (text == "t") // a boolean expression, as SQLite's 1
        return 1;
    int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

double PostgresStatement::column_double(int i) const {
    std::string_view text = column_text(i);
    double value = 0;
    // from_chars reads "Infinity", "-Infinity" and "NaN", PostgreSQL's spellings.
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

std::span<const uint8_t> PostgresStatement::column_blob(int i) const {
    // bytea comes as text in hex: \x0a1b...
    std::string_view text = column_text(i);
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x')
        return {};
    if (blobs_.size() <= size_t(i))
        blobs_.resize(size_t(i) + 1);
    std::vector<uint8_t>& bytes = blobs_[size_t(i)];
    bytes.clear();
    bytes.reserve((text.size() - 2) / 2);
    for (size_t at = 2; at + 1 < text.size(); at += 2) {
        int high = hex_value(text[at]), low = hex_value(text[at + 1]);
        if (high < 0 || low < 0)
            break;
        bytes.push_back(uint8_t(high * 16 + low));
    }
    return bytes;
}

} // namespace framescope
