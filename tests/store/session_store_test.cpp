// Sessions in the store: a recorded bundle and a stall trace read back as they were loaded
// (the same findings); the folder and its zip are one source; a session that wrote more
// replaces its earlier import; a failed import leaves the database as it was; a version 1
// database is upgraded in place, its profiles kept.

#include <doctest/doctest.h>

#include "loaders/bundle_loader.h"
#include "loaders/text_report_loader.h"
#include "model/findings_format.h"
#include "store/session_store.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::string findings_json(const ReportBundle& session) {
    std::vector<ReportBundle> one;
    one.push_back(session);
    return format_findings(find_session_findings(one), FindingsFormat::json);
}

Result<ImportOutcome> import_bundle(Database& db, const std::string& path) {
    Result<BundleFiles> files = read_bundle_files(path);
    REQUIRE(files);
    Result<ReportBundle> bundle = load_bundle(*files);
    REQUIRE(bundle);
    return store_session(db, bundle_content(*files), "bundle", *bundle, 0);
}

std::filesystem::path record_stall(const test::TempDir& dir) {
    test::run_command("PYTHONPATH=" + test::quote(test::recorder_dir().string()) + " " +
                      test::quote(test::python3()) + " " +
                      test::quote((test::fixtures_dir() / "recorder_app.py").string()) + " stall " +
                      test::quote((dir / "reports").string()));
    return std::filesystem::directory_iterator(dir / "reports")->path();
}

} // namespace

TEST_CASE("session store: bundles and stall traces read back with the same findings") {
    test::TempDir dir;
    Result<Database> db = Database::open((dir / "framescope.db").string());
    REQUIRE(db);
    std::filesystem::path bundle_dir = record_stall(dir);
    Result<ReportBundle> loaded = load_bundle(bundle_dir.string());
    REQUIRE(loaded);
    Result<ImportOutcome> stored = import_bundle(*db, bundle_dir.string());
    REQUIRE_MESSAGE(stored, stored.error().to_string());
    Result<ReportBundle> back = load_stored_session(*db, stored->source_id);
    REQUIRE_MESSAGE(back, back.error().to_string());
    CHECK(back->frames.duration_us == loaded->frames.duration_us);
    CHECK(back->frames.start_us == loaded->frames.start_us);
    CHECK(back->samples.size() == loaded->samples.size());
    CHECK(findings_json(*back) == findings_json(*loaded));

    // The same session packed is the same content: stored once.
    test::CommandResult packed =
        test::run_command(test::quote(test::python3()) + " " +
                          test::quote((test::recorder_dir() / "framescope_recorder.py").string()) +
                          " pack " + test::quote(bundle_dir.string()));
    REQUIRE(packed.exit_code == 0);
    Result<ImportOutcome> again =
        import_bundle(*db, packed.output.substr(0, packed.output.find('\n')));
    REQUIRE(again);
    CHECK(again->already_stored);
    CHECK(again->source_id == stored->source_id);

    std::string trace_path =
        (test::samples_dir() / "stdlib" / "network-stall-pypy.faulthandler.txt").string();
    Result<ReportBundle> trace = load_text_report_file(trace_path, input_kind(trace_path).kind);
    REQUIRE(trace);
    std::string text = test::read_text(trace_path);
    Result<ImportOutcome> stored_trace = store_session(
        *db, content_of(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size())),
        "stall-trace", *trace, 0);
    REQUIRE(stored_trace);
    Result<ReportBundle> trace_back = load_stored_session(*db, stored_trace->source_id);
    REQUIRE(trace_back);
    CHECK_FALSE(trace_back->has_frame_timings);
    CHECK(trace_back->approximate_lines);
    CHECK(findings_json(*trace_back) == findings_json(*trace));
    Result<std::vector<ReportBundle>> all = load_all_stored_sessions(*db, SessionParts::findings);
    REQUIRE(all);
    CHECK(all->size() == 2);
    CHECK(findings_json(all->back()) == findings_json(*trace));
}

TEST_CASE("session store: a bundle that grew replaces its earlier import") {
    test::TempDir dir;
    Result<Database> db = Database::open((dir / "framescope.db").string());
    REQUIRE(db);
    std::filesystem::path bundle_dir = record_stall(dir);
    std::string frames = test::read_text(bundle_dir / "frames.jsonl");
    // As the session was before its last batch of frames reached the disk.
    test::write_text(bundle_dir / "frames.jsonl", frames.substr(0, frames.find('\n') + 1));
    test::write_text(bundle_dir / "end.json.hold", test::read_text(bundle_dir / "end.json"));
    std::filesystem::remove(bundle_dir / "end.json");
    Result<ImportOutcome> early = import_bundle(*db, bundle_dir.string());
    REQUIRE(early);
    test::write_text(bundle_dir / "frames.jsonl", frames);
    std::filesystem::rename(bundle_dir / "end.json.hold", bundle_dir / "end.json");
    Result<ImportOutcome> later = import_bundle(*db, bundle_dir.string());
    REQUIRE(later);
    CHECK_FALSE(later->already_stored);
    CHECK(test::count_rows(*db, "sessions") == 1);
    Result<ReportBundle> back = load_stored_session(*db, later->source_id);
    REQUIRE(back);
    CHECK(back->ending.status == SessionStatus::clean);
    CHECK(back->frames.size() == 10);
}

TEST_CASE("session store: an import that fails half-way leaves the database as it was") {
    test::TempDir dir;
    Result<Database> db = Database::open((dir / "framescope.db").string());
    REQUIRE(db);
    REQUIRE(import_bundle(*db, (test::samples_dir() / "bundles" / "network-stall").string()));
    const char* tables[] = {"sources",        "sessions",      "session_strings", "stack_frames",
                            "sample_threads", "stack_samples", "gc_events",       "crashes"};
    std::vector<int64_t> before;
    for (const char* table : tables)
        before.push_back(test::count_rows(*db, table));
    REQUIRE(db->exec("CREATE TEMP TRIGGER fail_late BEFORE INSERT ON stack_samples WHEN NEW.id > 3 "
                     "BEGIN SELECT RAISE(ABORT, 'disk full'); END;"));
    Result<ImportOutcome> failed =
        import_bundle(*db, (test::samples_dir() / "bundles" / "logging-deadlock").string());
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message.find("disk full") != std::string::npos);
    for (size_t i = 0; i < std::size(tables); ++i)
        CHECK_MESSAGE(test::count_rows(*db, tables[i]) == before[i], tables[i]);
    REQUIRE(db->exec("DROP TRIGGER fail_late"));
    CHECK(import_bundle(*db, (test::samples_dir() / "bundles" / "logging-deadlock").string()));
}

TEST_CASE("session store: a version 1 database is upgraded and keeps its profiles") {
    test::TempDir dir;
    std::string path = (dir / "old.db").string();
    test::write_text(
        dir / "make_v1.py",
        "import sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1])\n"
        "db.executescript(open(sys.argv[2]).read())\n"
        "db.execute(\"INSERT INTO sources VALUES (1, 'pstats', 'a.pstats', 'ab', 1, 0, 0)\")\n"
        "db.execute('PRAGMA user_version = 1')\n"
        "db.commit()\n");
    test::CommandResult made = test::run_command(
        test::quote(test::python3()) + " " + test::quote((dir / "make_v1.py").string()) + " " +
        test::quote(path) + " " +
        test::quote(
            (test::samples_dir() / ".." / "store" / "migrations" / "001_profiles.sql").string()));
    REQUIRE(made.exit_code == 0);
    Result<Database> db = Database::open(path);
    REQUIRE_MESSAGE(db, db.error().to_string());
    CHECK(test::count_rows(*db, "sources") == 1);
    CHECK(test::count_rows(*db, "sessions") == 0);
    CHECK(import_bundle(*db, (test::samples_dir() / "bundles" / "network-stall").string()));
}

} // namespace framescope
