-- PostgreSQL, schema version 2 (the SQLite set's comments apply): report sessions. A session
-- comes from a report bundle (kind 'bundle') or a file of faulthandler timeout dumps (kind
-- 'stall-trace') and hangs off its source like a profile. Each table mirrors ReportBundle
-- (loaders/report_bundle.h): flat arrays keyed by (source_id, id), so a session reads back in
-- a few ordered scans.

CREATE TABLE sessions (
    source_id BIGINT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    format_version BIGINT NOT NULL,
    app TEXT COLLATE "C" NOT NULL,
    version TEXT COLLATE "C" NOT NULL,
    platform TEXT COLLATE "C" NOT NULL,
    interpreter TEXT COLLATE "C" NOT NULL,
    python_version TEXT COLLATE "C" NOT NULL,
    start TEXT COLLATE "C" NOT NULL,             -- ISO 8601, UTC
    start_unix DOUBLE PRECISION NOT NULL,
    pid BIGINT NOT NULL,
    frame_budget_ms DOUBLE PRECISION NOT NULL,
    slow_frame_ms DOUBLE PRECISION NOT NULL,
    stall_ms DOUBLE PRECISION NOT NULL,
    sample_interval_ms DOUBLE PRECISION NOT NULL,
    status TEXT COLLATE "C" NOT NULL,            -- 'unknown', 'clean', 'crashed', 'abnormal'
    hung BIGINT NOT NULL,
    status_inferred BIGINT NOT NULL,
    end_unix DOUBLE PRECISION NOT NULL,
    has_frame_timings BIGINT NOT NULL,
    approximate_lines BIGINT NOT NULL,
    frame_count BIGINT NOT NULL,
    -- Frames as two little-endian arrays: 216,000 frames are two blobs, not 216,000 rows.
    frame_starts_us BYTEA NOT NULL,   -- uint64 per frame
    frame_durations_us BYTEA NOT NULL, -- uint32 per frame
    fatal_error TEXT COLLATE "C" NOT NULL,
    log_tail TEXT COLLATE "C" NOT NULL,
    profile_pstats BYTEA NOT NULL,
    notes TEXT COLLATE "C" NOT NULL              -- what the loader tolerated, one per line
);
CREATE INDEX sessions_by_identity ON sessions (app, pid, start_unix);

-- File, function and thread names of a session's stacks.
CREATE TABLE session_strings (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (source_id, id)
);

CREATE TABLE stack_frames (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    file_id BIGINT NOT NULL,
    line BIGINT NOT NULL,
    function_id BIGINT NOT NULL,
    PRIMARY KEY (source_id, id)
);

CREATE TABLE sample_threads (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    thread_id BIGINT NOT NULL,      -- as a signed 64-bit integer
    name_id BIGINT NOT NULL,
    is_main BIGINT NOT NULL,
    first_frame BIGINT NOT NULL,
    frame_count BIGINT NOT NULL,
    PRIMARY KEY (source_id, id)
);

CREATE TABLE stack_samples (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    time_s DOUBLE PRECISION NOT NULL,
    frame_index BIGINT NOT NULL,
    lag_s DOUBLE PRECISION NOT NULL,
    during_gc BIGINT NOT NULL,
    first_thread BIGINT NOT NULL,
    thread_count BIGINT NOT NULL,
    PRIMARY KEY (source_id, id)
);

CREATE TABLE gc_events (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    time_s DOUBLE PRECISION NOT NULL,
    generation BIGINT NOT NULL,
    duration_ms DOUBLE PRECISION NOT NULL,
    collected BIGINT NOT NULL,      -- -1 where the interpreter does not say
    PRIMARY KEY (source_id, id)
);

CREATE TABLE crashes (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    time_s DOUBLE PRECISION NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    thread TEXT COLLATE "C" NOT NULL,
    file TEXT COLLATE "C" NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (source_id, id)
);
