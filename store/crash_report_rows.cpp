// Three flat tables, each written in one pass over the session's reports (record by record,
// then the fatal error's) and read back in id order: the reports, their exceptions, and the
// frames of both the exceptions and the fatal errors' stacks.

#include "store/crash_report_rows.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "store/session_rows.h"

namespace framescope {
namespace {

struct ReportRow {
    int64_t record; // -1: the fatal error
    const CrashReport* report;
};

struct ExceptionRow {
    int64_t report;
    const CrashException* exception;
};

struct FrameRow {
    int64_t report;
    int64_t exception; // -1: the fatal stack
    const CrashFrame* frame;
};

std::string joined_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines)
        text += line + "\n";
    return text;
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    for (size_t begin = 0; begin < text.size();) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos)
            end = text.size();
        lines.emplace_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    return lines;
}

} // namespace

Status insert_crash_reports(Database& db, SourceId id, const ReportBundle& session) {
    std::vector<ReportRow> reports;
    for (size_t r = 0; r < session.crashes.size(); ++r)
        for (const CrashReport& report : session.crashes[r].reports)
            reports.push_back({int64_t(r), &report});
    for (const CrashReport& report : session.fatal_reports)
        reports.push_back({-1, &report});
    std::vector<ExceptionRow> exceptions;
    std::vector<FrameRow> frames;
    for (size_t r = 0; r < reports.size(); ++r) {
        const CrashReport& report = *reports[r].report;
        for (const CrashFrame& frame : report.fatal_frames)
            frames.push_back({int64_t(r), -1, &frame});
        for (const CrashException& exception : report.chain) {
            for (const CrashFrame& frame : exception.frames)
                frames.push_back({int64_t(r), int64_t(exceptions.size()), &frame});
            exceptions.push_back({int64_t(r), &exception});
        }
    }
    if (Status s =
            insert_rows(db, "INSERT INTO crash_reports VALUES (?,?,?,?,?,?,?,?,?)", id, reports,
                        [](Statement& row, const ReportRow& r) {
                            row.bind(3, r.record)
                                .bind(4, std::string_view(crash_kind_name(r.report->kind)))
                                .bind(5, int64_t(r.report->first_line))
                                .bind(6, std::string_view(r.report->fatal_kind))
                                .bind(7, std::string_view(r.report->fatal_message))
                                .bind(8, std::string_view(joined_lines(r.report->native_frames)))
                                .bind(9, std::string_view(r.report->text));
                        });
        !s)
        return s;
    if (Status s =
            insert_rows(db, "INSERT INTO crash_exceptions VALUES (?,?,?,?,?)", id, exceptions,
                        [](Statement& row, const ExceptionRow& e) {
                            row.bind(3, e.report)
                                .bind(4, std::string_view(e.exception->type))
                                .bind(5, std::string_view(e.exception->message));
                        });
        !s)
        return s;
    return insert_rows(db, "INSERT INTO crash_frames VALUES (?,?,?,?,?,?,?,?,?)", id, frames,
                       [](Statement& row, const FrameRow& f) {
                           row.bind(3, f.report)
                               .bind(4, f.exception)
                               .bind(5, std::string_view(f.frame->file))
                               .bind(6, int64_t(f.frame->line))
                               .bind(7, std::string_view(f.frame->function))
                               .bind(8, int64_t(f.frame->repeated))
                               .bind(9, int64_t(f.frame->text_line));
                       });
}

Status read_stored_crash_reports(Database& db, std::optional<SourceId> only,
                                 const StoredReportSink& each) {
    // Rows of one source carry ids 0, 1, ... within it: a report's position among all those
    // read is its source's first position plus its id, and likewise for exceptions.
    struct Pending {
        SourceId source;
        int64_t record;
        CrashReport report;
    };
    std::vector<Pending> reports;
    std::unordered_map<SourceId, size_t> first_report, first_exception;
    std::vector<std::pair<size_t, size_t>> exception_at; // (report, position in its chain)
    const std::string where = only ? " WHERE source_id = ?" : "";
    auto read = [&](const std::string& sql, auto row) {
        Result<Statement> query = db.prepare(sql + where + " ORDER BY source_id, id");
        if (!query)
            return Status(query.error());
        if (only)
            query->bind(1, *only);
        std::optional<Error> error;
        while (query->step(error))
            row(*query);
        return error ? Status(*error) : Status(Ok{});
    };
    // The position of a row's report (or exception) among those read; kNone for rows of
    // another version's shape, which are ignored.
    constexpr size_t kNone = size_t(-1);
    auto position = [](const std::unordered_map<SourceId, size_t>& first, SourceId source,
                       int64_t id, size_t count) {
        auto base = first.find(source);
        if (base == first.end() || id < 0 || base->second + size_t(id) >= count)
            return kNone;
        return base->second + size_t(id);
    };
    Status status = read(
        "SELECT source_id, record, kind, first_line, fatal_kind, fatal_message, native_frames, "
        "text FROM crash_reports",
        [&](Statement& row) {
            Pending pending{row.column_int(0), row.column_int(1), {}};
            CrashReport& report = pending.report;
            report.kind = crash_kind_from(row.column_text(2));
            report.first_line = uint32_t(row.column_int(3));
            report.fatal_kind = std::string(row.column_text(4));
            report.fatal_message = std::string(row.column_text(5));
            report.native_frames = split_lines(row.column_text(6));
            report.text = std::string(row.column_text(7));
            first_report.try_emplace(pending.source, reports.size());
            reports.push_back(std::move(pending));
        });
    if (status)
        status = read(
            "SELECT source_id, report, type, message FROM crash_exceptions", [&](Statement& row) {
                SourceId source = row.column_int(0);
                size_t r = position(first_report, source, row.column_int(1), reports.size());
                if (r == kNone)
                    return;
                std::vector<CrashException>& chain = reports[r].report.chain;
                chain.push_back(
                    {std::string(row.column_text(2)), std::string(row.column_text(3)), {}});
                first_exception.try_emplace(source, exception_at.size());
                exception_at.emplace_back(r, chain.size() - 1);
            });
    if (status)
        status = read(
            "SELECT source_id, report, exception, file, line, function, repeated, text_line FROM "
            "crash_frames",
            [&](Statement& row) {
                SourceId source = row.column_int(0);
                size_t r = position(first_report, source, row.column_int(1), reports.size());
                int64_t e = row.column_int(2);
                size_t at =
                    e < 0 ? kNone : position(first_exception, source, e, exception_at.size());
                if (r == kNone || (e >= 0 && at == kNone))
                    return;
                CrashFrame frame{std::string(row.column_text(3)), uint32_t(row.column_int(4)),
                                 std::string(row.column_text(5)), uint32_t(row.column_int(6)),
                                 uint32_t(row.column_int(7))};
                if (e < 0)
                    reports[r].report.fatal_frames.push_back(std::move(frame));
                else
                    reports[exception_at[at].first]
                        .report.chain[exception_at[at].second]
                        .frames.push_back(std::move(frame));
            });
    if (!status)
        return status;
    for (Pending& pending : reports)
        each(pending.source, pending.record, std::move(pending.report));
    return Ok{};
}

void place_crash_report(ReportBundle& session, int64_t record, CrashReport&& report) {
    if (record >= 0 && size_t(record) < session.crashes.size())
        session.crashes[size_t(record)].reports.push_back(std::move(report));
    else if (record < 0)
        session.fatal_reports.push_back(std::move(report));
}

Status read_crash_reports(Database& db, SourceId id, ReportBundle& session) {
    bool any = false;
    Status read =
        read_stored_crash_reports(db, id, [&](SourceId, int64_t record, CrashReport&& report) {
            any = true;
            place_crash_report(session, record, std::move(report));
        });
    if (!read)
        return read;
    if (!any)
        parse_crash_texts(session);
    return Ok{};
}

void parse_crash_texts(ReportBundle& session) {
    for (CrashRecord& crash : session.crashes)
        crash.reports = parse_crash_reports(crash.text);
    session.fatal_reports = parse_crash_reports(session.fatal_error);
}

} // namespace framescope
