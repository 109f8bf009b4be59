-- Schema version 2: report sessions. A session comes from a report bundle (kind 'bundle')
-- or a file of faulthandler timeout dumps (kind 'stall-trace') and hangs off its source like
-- a profile. Each table mirrors ReportBundle (loaders/report_bundle.h): flat arrays keyed by
-- (source_id, id), so a session reads back in a few ordered scans.

CREATE TABLE sessions (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    format_version INTEGER NOT NULL,
    app TEXT NOT NULL,
    version TEXT NOT NULL,
    platform TEXT NOT NULL,
    interpreter TEXT NOT NULL,
    python_version TEXT NOT NULL,
    start TEXT NOT NULL,             -- ISO 8601, UTC
    start_unix REAL NOT NULL,
    pid INTEGER NOT NULL,
    frame_budget_ms REAL NOT NULL,
    slow_frame_ms REAL NOT NULL,
    stall_ms REAL NOT NULL,
    sample_interval_ms REAL NOT NULL,
    status TEXT NOT NULL,            -- 'unknown', 'clean', 'crashed', 'abnormal'
    hung INTEGER NOT NULL,
    status_inferred INTEGER NOT NULL,
    end_unix REAL NOT NULL,
    has_frame_timings INTEGER NOT NULL,
    approximate_lines INTEGER NOT NULL,
    frame_count INTEGER NOT NULL,
    -- Frames as two little-endian arrays: 216,000 frames are two blobs, not 216,000 rows.
    frame_starts_us BLOB NOT NULL,   -- uint64 per frame
    frame_durations_us BLOB NOT NULL, -- uint32 per frame
    fatal_error TEXT NOT NULL,
    log_tail TEXT NOT NULL,
    profile_pstats BLOB NOT NULL,
    notes TEXT NOT NULL              -- what the loader tolerated, one per line
);
CREATE INDEX sessions_by_identity ON sessions (app, pid, start_unix);

-- File, function and thread names of a session's stacks.
CREATE TABLE session_strings (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;

CREATE TABLE stack_frames (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    file_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    function_id INTEGER NOT NULL,
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;

CREATE TABLE sample_threads (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    thread_id INTEGER NOT NULL,      -- as a signed 64-bit integer
    name_id INTEGER NOT NULL,
    is_main INTEGER NOT NULL,
    first_frame INTEGER NOT NULL,
    frame_count INTEGER NOT NULL,
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;

CREATE TABLE stack_samples (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    time_s REAL NOT NULL,
    frame_index INTEGER NOT NULL,
    lag_s REAL NOT NULL,
    during_gc INTEGER NOT NULL,
    first_thread INTEGER NOT NULL,
    thread_count INTEGER NOT NULL,
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;

CREATE TABLE gc_events (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    time_s REAL NOT NULL,
    generation INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    collected INTEGER NOT NULL,      -- -1 where the interpreter does not say
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;

CREATE TABLE crashes (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    time_s REAL NOT NULL,
    kind TEXT NOT NULL,
    thread TEXT NOT NULL,
    file TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;
