// The store on a PostgreSQL server, through libpq: a connection and statements that behave
// as SQLite's do behind Database and Statement (store/database.h). Statements take SQLite's
// `?` placeholders, turned into $1..$n once at prepare. Parameters go as text (numbers in
// shortest round-trip form, so doubles come back bit for bit) and blobs as binary bytea;
// results come back as text. A statement runs on its first step. SQL that runs a second time
// on a connection (a loop of inserts, the same query for each of many sessions) is prepared
// on the server then and kept for the connection's life, so it is parsed and planned once.
// Inside a transaction, inserts of prepared SQL are sent without waiting for their results
// (libpq's pipeline mode): a bulk import streams its rows instead of paying a round trip
// each. Anything that reads a result waits for them first, so statements still take effect
// in order, and an error among them fails the transaction all the same.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

struct pg_conn;
struct pg_result;

namespace framescope {

class PostgresConnection {
  public:
    // Connects to `url` (postgresql://USER@HOST:PORT/DB); the error names the server.
    static Result<std::shared_ptr<PostgresConnection>> connect(const std::string& url);
    ~PostgresConnection();
    PostgresConnection(const PostgresConnection&) = delete;
    PostgresConnection& operator=(const PostgresConnection&) = delete;

    // Runs one or more statements without parameters (the schema, BEGIN, COMMIT).
    Status exec(std::string_view sql);
    // A transaction serialized with every other writer of this database (an advisory lock),
    // as SQLite's BEGIN IMMEDIATE is: an import's check for its content hash and its writes
    // cannot interleave with another collector's import of the same bytes.
    Status begin();
    Status commit();
    void rollback();

    // "what: the server's message" (one line), naming the server, never a password.
    Error error(const std::string& what) const;
    const std::string& name() const { return name_; }
    // Outside a transaction, reconnects after a lost connection (a restarted server).
    Status ensure_connected();
    pg_conn* handle() const { return conn_; }
    // The name of `sql` prepared on the server, preparing it on its second use; empty while
    // it is to be sent whole (its first use) or when preparing failed (`error` says why).
    std::string prepared_name(const std::string& sql, int parameters, std::optional<Error>& error);
    // The start of `sql`, quoted, for messages.
    static std::string statement_excerpt(std::string_view sql);

    bool in_transaction() const { return in_transaction_; }
    // Sends prepared statement `prepared` without waiting for its result; `excerpt` names it
    // should it fail. Only inside a transaction.
    Status send_without_waiting(const std::string& prepared, int count, const char* const* values,
                                const int* lengths, const int* formats,
                                const std::shared_ptr<const std::string>& excerpt);
    // Waits for the results of everything sent without waiting: the first error among them.
    Status wait_for_sent();
    // Runs `copy` (COPY ... FROM STDIN) with `rows` as its data.
    Status copy_in(const std::string& copy, std::string_view rows);

  private:
    PostgresConnection() = default;
    pg_conn* conn_ = nullptr;
    std::string name_;            // the URL as shown in messages
    bool in_transaction_ = false; // a lost connection is then an error, not a reconnect
    // SQL text -> its prepared statement's name; empty: used once so far. Only the store's
    // own statements come here, a few dozen texts.
    std::unordered_map<std::string, std::string> prepared_;
    uint64_t statements_ = 0; // names the prepared statements
    bool pipelined_ = false;  // in libpq's pipeline mode, results of sent_ pending
    std::vector<std::shared_ptr<const std::string>> sent_; // what each pending result is for
};

class PostgresStatement {
  public:
    PostgresStatement(std::shared_ptr<PostgresConnection> connection, std::string_view sql);
    ~PostgresStatement();
    PostgresStatement(const PostgresStatement&) = delete;
    PostgresStatement& operator=(const PostgresStatement&) = delete;

    void bind(int index, int64_t value);
    void bind(int index, double value);
    void bind(int index, std::string_view text);
    void bind_null(int index);
    void bind_blob(int index, std::span<const uint8_t> bytes);
    bool step(std::optional<Error>& error);
    void reset();
    // Runs it for its effect alone (an insert): inside a transaction, without waiting.
    Status run();

    int64_t column_int(int i) const;
    double column_double(int i) const;
    bool column_is_null(int i) const;
    std::string_view column_text(int i) const;
    std::span<const uint8_t> column_blob(int i) const;

  private:
    struct Parameter {
        std::string value;
        bool is_null = true;
        bool is_binary = false;
    };
    // The parameters as libpq takes them, pointing into parameters_.
    struct Arguments {
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
    };
    Parameter& parameter(int index);
    Arguments arguments() const;
    bool execute(std::optional<Error>& error);

    std::shared_ptr<PostgresConnection> connection_;
    std::string sql_;                            // with $1..$n
    std::shared_ptr<const std::string> excerpt_; // the start of the SQL, for messages
    std::vector<Parameter> parameters_;
    pg_result* result_ = nullptr;
    int row_ = -1; // the current row of result_; -1 before the first step
    mutable std::vector<std::vector<uint8_t>> blobs_; // decoded bytea of the current row
};

// SQLite's `?` placeholders as PostgreSQL's $1..$n (not inside quotes); `count` is n.
std::string numbered_placeholders(std::string_view sql, int& count);

} // namespace framescope
