// Three flat tables, each written in one pass over the session's reports (record by record,
// then the fatal error's) and read back in id order: the reports, their exceptions, and the
// frames of both the exceptions and the fatal errors' stacks.

#include "store/crash_report_rows.h"

#include <string>
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

Status read_crash_reports(Database& db, SourceId id, ReportBundle& session) {
    std::vector<CrashReport> reports;
    std::vector<int64_t> record_of;
    Status read = read_rows(
        db,
        "SELECT record, kind, first_line, fatal_kind, fatal_message, native_frames, text FROM "
        "crash_reports WHERE source_id = ? ORDER BY id",
        id, [&](Statement& row) {
            CrashReport report;
            report.kind = crash_kind_from(row.column_text(1));
            report.first_line = uint32_t(row.column_int(2));
            report.fatal_kind = std::string(row.column_text(3));
            report.fatal_message = std::string(row.column_text(4));
            report.native_frames = split_lines(row.column_text(5));
            report.text = std::string(row.column_text(6));
            record_of.push_back(row.column_int(0));
            reports.push_back(std::move(report));
        });
    // Where each stored exception went: (report, position in its chain).
    std::vector<std::pair<size_t, size_t>> exception_at;
    if (read)
        read = read_rows(db,
                         "SELECT report, type, message FROM crash_exceptions WHERE source_id = ? "
                         "ORDER BY id",
                         id, [&](Statement& row) {
                             size_t r = size_t(row.column_int(0));
                             if (r >= reports.size())
                                 return; // rows of another version's shape: ignored
                             reports[r].chain.push_back({std::string(row.column_text(1)),
                                                         std::string(row.column_text(2)),
                                                         {}});
                             exception_at.emplace_back(r, reports[r].chain.size() - 1);
                         });
    if (read)
        read = read_rows(
            db,
            "SELECT report, exception, file, line, function, repeated, text_line FROM "
            "crash_frames WHERE source_id = ? ORDER BY id",
            id, [&](Statement& row) {
                size_t r = size_t(row.column_int(0));
                int64_t e = row.column_int(1);
                if (r >= reports.size() || (e >= 0 && size_t(e) >= exception_at.size()))
                    return;
                CrashFrame frame{std::string(row.column_text(2)), uint32_t(row.column_int(3)),
                                 std::string(row.column_text(4)), uint32_t(row.column_int(5)),
                                 uint32_t(row.column_int(6))};
                if (e < 0)
                    reports[r].fatal_frames.push_back(std::move(frame));
                else
                    reports[exception_at[size_t(e)].first]
                        .chain[exception_at[size_t(e)].second]
                        .frames.push_back(std::move(frame));
            });
    if (!read)
        return read;
    if (reports.empty()) { // stored before schema version 3: read the texts now
        for (CrashRecord& crash : session.crashes)
            crash.reports = parse_crash_reports(crash.text);
        session.fatal_reports = parse_crash_reports(session.fatal_error);
        return Ok{};
    }
    for (size_t r = 0; r < reports.size(); ++r) {
        int64_t record = record_of[r];
        if (record >= 0 && size_t(record) < session.crashes.size())
            session.crashes[size_t(record)].reports.push_back(std::move(reports[r]));
        else if (record < 0)
            session.fatal_reports.push_back(std::move(reports[r]));
    }
    return Ok{};
}

} // namespace framescope
