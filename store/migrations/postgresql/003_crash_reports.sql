-- PostgreSQL, schema version 3 (the SQLite set's comments apply): crash reports as their
-- loaders read them, so that re-bucketing after a rule change reads rows, not text. A report
-- belongs to one of a session's crash records (record = its index in crashes) or to the
-- session's fatal error (record = -1); its exceptions come in printed order, and their frames
-- outermost first. Sessions stored before this version have no rows here: their crash texts
-- are read when they are loaded.

CREATE TABLE crash_reports (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    record BIGINT NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,              -- 'traceback', 'fatal', 'unparsed'
    first_line BIGINT NOT NULL,     -- 1-based, in the text it came from
    fatal_kind TEXT COLLATE "C" NOT NULL,        -- 'Fatal Python error', 'Windows fatal exception'
    fatal_message TEXT COLLATE "C" NOT NULL,
    native_frames TEXT COLLATE "C" NOT NULL,     -- a C stack after a fatal dump, one frame a line
    text TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (source_id, id)
);

CREATE TABLE crash_exceptions (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    report BIGINT NOT NULL,         -- crash_reports.id
    type TEXT COLLATE "C" NOT NULL,
    message TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (source_id, id)
);

CREATE TABLE crash_frames (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    report BIGINT NOT NULL,         -- crash_reports.id
    exception BIGINT NOT NULL,      -- crash_exceptions.id; -1: the fatal error's stack
    file TEXT COLLATE "C" NOT NULL,
    line BIGINT NOT NULL,
    function TEXT COLLATE "C" NOT NULL,
    repeated BIGINT NOT NULL,       -- "[Previous line repeated N more times]"
    text_line BIGINT NOT NULL,      -- the line of the report's text naming it; 0 if unknown
    PRIMARY KEY (source_id, id)
);
