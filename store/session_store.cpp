#include "store/session_store.h"

#include <bit>
#include <cstring>

#include "core/sha256.h"
#include "store/crash_report_rows.h"
#include "store/session_rows.h"

namespace framescope {
namespace {

static_assert(std::endian::native == std::endian::little, "frame blobs are stored little-endian");

template <typename T> std::span<const uint8_t> bytes_of(const std::vector<T>& values) {
    return {reinterpret_cast<const uint8_t*>(values.data()), values.size() * sizeof(T)};
}

template <typename T>
Status read_array(std::span<const uint8_t> blob, size_t count, std::vector<T>& out,
                  const Database& db) {
    if (blob.size() != count * sizeof(T))
        return db.error("a stored session's frame array has the wrong length");
    out.resize(count);
    if (count)
        std::memcpy(out.data(), blob.data(), blob.size());
    return Ok{};
}

// An earlier import of the same session (it wrote more since): it goes, this one replaces it.
Status remove_earlier_import(Database& db, const SessionInfo& session) {
    if (session.start_unix == 0)
        return Ok{}; // a stall trace: no identity beyond its content
    Result<Statement> remove = db.prepare(
        "DELETE FROM sources WHERE id IN (SELECT source_id FROM sessions WHERE app = ? AND pid = ? "
        "AND start_unix = ?)");
    if (!remove)
        return remove.error();
    remove->bind(1, std::string_view(session.app)).bind(2, session.pid).bind(3, session.start_unix);
    return remove->run();
}

Status insert_session_row(Database& db, SourceId id, const ReportBundle& b) {
    Result<Statement> insert = db.prepare(
        "INSERT INTO sessions (source_id, format_version, app, version, platform, interpreter, "
        "python_version, start, start_unix, pid, frame_budget_ms, slow_frame_ms, stall_ms, "
        "sample_interval_ms, status, hung, status_inferred, end_unix, has_frame_timings, "
        "approximate_lines, frame_count, frame_starts_us, frame_durations_us, fatal_error, "
        "log_tail, "
        "profile_pstats, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!insert)
        return insert.error();
    const SessionInfo& s = b.session;
    std::string notes;
    for (const std::string& note : b.notes)
        notes += note + "\n";
    insert->bind(1, id)
        .bind(2, int64_t(s.format_version))
        .bind(3, std::string_view(s.app))
        .bind(4, std::string_view(s.version))
        .bind(5, std::string_view(s.platform))
        .bind(6, std::string_view(s.interpreter))
        .bind(7, std::string_view(s.python_version))
        .bind(8, std::string_view(s.start))
        .bind(9, s.start_unix)
        .bind(10, s.pid)
        .bind(11, s.frame_budget_ms)
        .bind(12, s.slow_frame_ms)
        .bind(13, s.stall_ms)
        .bind(14, s.sample_interval_ms)
        .bind(15, std::string_view(to_string(b.ending.status)))
        .bind(16, int64_t(b.ending.hung))
        .bind(17, int64_t(b.ending.inferred))
        .bind(18, b.ending.end_unix)
        .bind(19, int64_t(b.has_frame_timings))
        .bind(20, int64_t(b.approximate_lines))
        .bind(21, int64_t(b.frames.size()))
        .bind_blob(22, bytes_of(b.frames.start_us))
        .bind_blob(23, bytes_of(b.frames.duration_us))
        .bind(24, std::string_view(b.fatal_error))
        .bind(25, std::string_view(b.log_tail))
        .bind_blob(26, std::span(reinterpret_cast<const uint8_t*>(b.profile_pstats.data()),
                                 b.profile_pstats.size()))
        .bind(27, std::string_view(notes));
    return insert->run();
}

Status insert_session_details(Database& db, SourceId id, const ReportBundle& b) {
    std::vector<std::string_view> strings(b.strings.size());
    for (StringId i = 0; i < strings.size(); ++i)
        strings[i] = b.strings.get(i);
    if (Status s = insert_rows(db, "INSERT INTO session_strings VALUES (?,?,?)", id, strings,
                               [](Statement& row, std::string_view text) { row.bind(3, text); });
        !s)
        return s;
    if (Status s = insert_rows(
            db, "INSERT INTO stack_frames VALUES (?,?,?,?,?)", id, b.stack_frames,
            [](Statement& row, const StackFrame& f) {
                row.bind(3, int64_t(f.file)).bind(4, int64_t(f.line)).bind(5, int64_t(f.function));
            });
        !s)
        return s;
    if (Status s =
            insert_rows(db, "INSERT INTO sample_threads VALUES (?,?,?,?,?,?,?)", id, b.threads,
                        [](Statement& row, const ThreadStack& t) {
                            row.bind(3, std::bit_cast<int64_t>(t.thread_id))
                                .bind(4, int64_t(t.name))
                                .bind(5, int64_t(t.is_main))
                                .bind(6, int64_t(t.first_frame))
                                .bind(7, int64_t(t.frame_count));
                        });
        !s)
        return s;
    if (Status s =
            insert_rows(db, "INSERT INTO stack_samples VALUES (?,?,?,?,?,?,?,?)", id, b.samples,
                        [](Statement& row, const StackSample& m) {
                            row.bind(3, m.time_s)
                                .bind(4, int64_t(m.frame_index))
                                .bind(5, m.lag_s)
                                .bind(6, int64_t(m.during_gc))
                                .bind(7, int64_t(m.first_thread))
                                .bind(8, int64_t(m.thread_count));
                        });
        !s)
        return s;
    if (Status s = insert_rows(db, "INSERT INTO gc_events VALUES (?,?,?,?,?,?)", id, b.gc_events,
                               [](Statement& row, const GcEvent& e) {
                                   row.bind(3, e.time_s)
                                       .bind(4, int64_t(e.generation))
                                       .bind(5, e.duration_ms)
                                       .bind(6, e.collected);
                               });
        !s)
        return s;
    if (Status s = insert_rows(db, "INSERT INTO crashes VALUES (?,?,?,?,?,?,?)", id, b.crashes,
                               [](Statement& row, const CrashRecord& c) {
                                   row.bind(3, c.time_s)
                                       .bind(4, std::string_view(c.kind))
                                       .bind(5, std::string_view(c.thread))
                                       .bind(6, std::string_view(c.file))
                                       .bind(7, std::string_view(c.text));
                               });
        !s)
        return s;
    if (b.ending.crashes_dropped) {
        Result<Statement> dropped = db.prepare("INSERT INTO session_dropped_crashes VALUES (?, ?)");
        if (!dropped)
            return dropped.error();
        if (Status s = dropped->bind(1, id).bind(2, int64_t(b.ending.crashes_dropped)).run(); !s)
            return s;
    }
    return insert_crash_reports(db, id, b);
}

// The columns of a session's row from its frame times on, read by read_frames from `column`.
constexpr const char* kFrameColumns =
    "frame_count, frame_starts_us, frame_durations_us, fatal_error";

Status read_frames(const Statement& h, int column, ReportBundle& b, const Database& db) {
    size_t frame_count = size_t(h.column_int(column));
    if (Status s = read_array(h.column_blob(column + 1), frame_count, b.frames.start_us, db); !s)
        return s;
    if (Status s = read_array(h.column_blob(column + 2), frame_count, b.frames.duration_us, db); !s)
        return s;
    b.fatal_error = std::string(h.column_text(column + 3));
    return Ok{};
}

// A table of a session's details: its columns (`select`, "COLUMNS FROM TABLE"), read from
// `column` on into the session by `read`, in id order where rows have one.
struct DetailTable {
    const char* select;
    bool has_id;
    bool for_buckets; // buckets and session health read it too
    void (*read)(const Statement& row, int column, ReportBundle& b);
};

const DetailTable kDetailTables[] = {
    {"text FROM session_strings", true, false,
     [](const Statement& row, int c, ReportBundle& b) { b.strings.intern(row.column_text(c)); }},
    {"file_id, line, function_id FROM stack_frames", true, false,
     [](const Statement& row, int c, ReportBundle& b) {
         b.stack_frames.push_back({StringId(row.column_int(c)), uint32_t(row.column_int(c + 1)),
                                   StringId(row.column_int(c + 2))});
     }},
    {"thread_id, name_id, is_main, first_frame, frame_count FROM sample_threads", true, false,
     [](const Statement& row, int c, ReportBundle& b) {
         b.threads.push_back({std::bit_cast<uint64_t>(row.column_int(c)),
                              StringId(row.column_int(c + 1)), row.column_int(c + 2) != 0,
                              uint32_t(row.column_int(c + 3)), uint32_t(row.column_int(c + 4))});
     }},
    {"time_s, frame_index, lag_s, during_gc, first_thread, thread_count FROM stack_samples", true,
     false,
     [](const Statement& row, int c, ReportBundle& b) {
         b.samples.push_back({row.column_double(c), uint32_t(row.column_int(c + 1)),
                              row.column_double(c + 2), row.column_int(c + 3) != 0,
                              uint32_t(row.column_int(c + 4)), uint32_t(row.column_int(c + 5))});
     }},
    {"time_s, generation, duration_ms, collected FROM gc_events", true, false,
     [](const Statement& row, int c, ReportBundle& b) {
         b.gc_events.push_back({row.column_double(c), int(row.column_int(c + 1)),
                                row.column_double(c + 2), row.column_int(c + 3)});
     }},
    {"time_s, kind, thread, file, text FROM crashes", true, true,
     [](const Statement& row, int c, ReportBundle& b) {
         b.crashes.push_back({row.column_double(c),
                              std::string(row.column_text(c + 1)),
                              std::string(row.column_text(c + 2)),
                              std::string(row.column_text(c + 3)),
                              std::string(row.column_text(c + 4)),
                              {}});
     }},
    {"dropped FROM session_dropped_crashes", false, true,
     [](const Statement& row, int c, ReportBundle& b) {
         b.ending.crashes_dropped = uint64_t(row.column_int(c));
     }},
};

} // namespace

void read_session_header(const Statement& h, ReportBundle& b) {
    auto text = [&](int column) { return std::string(h.column_text(column)); };
    b.source = text(0);
    b.session = {int(h.column_int(1)),
                 text(2),
                 text(3),
                 text(4),
                 text(5),
                 text(6),
                 text(7),
                 h.column_double(8),
                 h.column_int(9),
                 h.column_double(10),
                 h.column_double(11),
                 h.column_double(12),
                 h.column_double(13)};
    b.ending = {session_status_named(h.column_text(14)), h.column_int(15) != 0,
                h.column_int(16) != 0, h.column_double(17)};
    b.has_frame_timings = h.column_int(18) != 0;
    b.approximate_lines = h.column_int(19) != 0;
}

SourceContent bundle_content(const BundleFiles& files) {
    std::string canonical;
    uint64_t size = 0;
    for (const auto& [name, member] : files.members) {
        std::string_view content = member.text();
        canonical += name;
        canonical += '\0';
        canonical += std::to_string(content.size());
        canonical += '\0';
        canonical += content;
        size += content.size();
    }
    return {
        sha256_hex(std::span(reinterpret_cast<const uint8_t*>(canonical.data()), canonical.size())),
        size};
}

Result<ImportOutcome> store_session(Database& db, const SourceContent& content, const char* kind,
                                    const ReportBundle& session, int64_t mtime_s) {
    Result<SourceImport> import = begin_import(db, content);
    if (!import)
        return import.error();
    if (import->stored)
        return ImportOutcome{*import->stored, true};
    if (Status s = remove_earlier_import(db, session.session); !s)
        return s.error();
    Result<SourceId> id = insert_source(db, kind, session.source, content, mtime_s);
    if (!id)
        return id.error();
    if (Status s = insert_session_row(db, *id, session); !s)
        return s.error();
    if (Status s = insert_session_details(db, *id, session); !s)
        return s.error();
    if (Status s = import->transaction.commit(); !s)
        return s.error();
    return ImportOutcome{*id, false};
}

Result<ReportBundle> load_stored_session(Database& db, SourceId id) {
    ReportBundle b;
    std::optional<Error> error;
    Result<Statement> header =
        db.prepare(std::string("SELECT ") + kSessionHeaderColumns + ", " + kFrameColumns +
                   ", log_tail, profile_pstats, notes "
                   "FROM sources s JOIN sessions ON source_id = s.id WHERE s.id = ?");
    if (!header)
        return header.error();
    header->bind(1, id);
    if (!header->step(error))
        return error ? *error : Error{"no stored session @" + std::to_string(id), db.path()};
    Statement& h = *header;
    read_session_header(h, b);
    if (Status s = read_frames(h, 20, b, db); !s)
        return s.error();
    b.log_tail = std::string(h.column_text(24));
    std::span<const uint8_t> profile = h.column_blob(25);
    b.profile_pstats.assign(reinterpret_cast<const char*>(profile.data()), profile.size());
    for (std::string_view notes = h.column_text(26); !notes.empty();) {
        size_t end = notes.find('\n');
        b.notes.emplace_back(notes.substr(0, end));
        notes.remove_prefix(end == std::string_view::npos ? notes.size() : end + 1);
    }
    Status read = Ok{};
    for (const DetailTable& table : kDetailTables)
        if (read)
            read = read_rows(db,
                             std::string("SELECT ") + table.select + " WHERE source_id = ?" +
                                 (table.has_id ? " ORDER BY id" : ""),
                             id, [&](Statement& row) { table.read(row, 0, b); });
    if (read)
        read = read_crash_reports(db, id, b);
    if (!read)
        return read.error();
    return b;
}

Result<std::vector<ReportBundle>> load_all_stored_sessions(Database& db, SessionParts parts) {
    std::vector<ReportBundle> sessions;
    std::vector<SourceId> ids;
    auto scan = [&](const std::string& sql, auto read) {
        Result<Statement> query = db.prepare(sql);
        if (!query)
            return Status(query.error());
        std::optional<Error> error;
        Status status = Ok{};
        while (status && query->step(error))
            status = read(*query);
        if (!status)
            return status;
        return error ? Status(*error) : Status(Ok{});
    };
    // Sized once: a ReportBundle is large, and each growth of the vector would move every
    // session read so far.
    Status read = scan("SELECT count(*) FROM sessions", [&](const Statement& row) {
        sessions.reserve(size_t(row.column_int(0)));
        ids.reserve(size_t(row.column_int(0)));
        return Status(Ok{});
    });
    if (read)
        read = scan(std::string("SELECT ") + kSessionHeaderColumns + ", " + kFrameColumns +
                        ", s.id FROM sources s JOIN sessions ON source_id = s.id ORDER BY s.id",
                    [&](const Statement& h) {
                        ReportBundle& b = sessions.emplace_back();
                        read_session_header(h, b);
                        ids.push_back(h.column_int(24));
                        return read_frames(h, 20, b, db);
                    });
    // Every detail query reads in source order too: a row's session is found moving forward.
    size_t at = 0;
    auto session_of = [&](SourceId id) -> ReportBundle* {
        while (at < ids.size() && ids[at] < id)
            ++at;
        return at < ids.size() && ids[at] == id ? &sessions[at] : nullptr;
    };
    for (const DetailTable& table : kDetailTables) {
        if (!read || (parts == SessionParts::crashes_and_health && !table.for_buckets))
            continue;
        at = 0;
        read = scan(std::string("SELECT source_id, ") + table.select + " ORDER BY source_id" +
                        (table.has_id ? ", id" : ""),
                    [&](const Statement& row) {
                        if (ReportBundle* b = session_of(row.column_int(0)))
                            table.read(row, 1, *b);
                        return Status(Ok{});
                    });
    }
    std::vector<bool> has_report_rows(sessions.size());
    if (read) {
        at = 0;
        read = read_stored_crash_reports(
            db, std::nullopt, [&](SourceId id, int64_t record, CrashReport&& report) {
                if (ReportBundle* b = session_of(id)) {
                    has_report_rows[size_t(b - sessions.data())] = true;
                    place_crash_report(*b, record, std::move(report));
                }
            });
    }
    if (!read)
        return read.error();
    for (size_t i = 0; i < sessions.size(); ++i)
        if (!has_report_rows[i])
            parse_crash_texts(sessions[i]);
    return sessions;
}

} // namespace framescope
