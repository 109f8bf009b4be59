-- Schema version 3: crash reports as their loaders read them, so that re-bucketing after a
-- rule change reads rows, not text. A report belongs to one of a session's crash records
-- (record = its index in crashes) or to the session's fatal error (record = -1); its
-- exceptions come in printed order, and their frames outermost first. Sessions stored
-- before this version have no rows here: their crash texts are read when they are loaded.

CREATE TABLE crash_reports (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    record INTEGER NOT NULL,
    kind TEXT NOT NULL,              -- 'traceback', 'fatal', 'unparsed'
    first_line INTEGER NOT NULL,     -- 1-based, in the text it came from
    fatal_kind TEXT NOT NULL,        -- 'Fatal Python error', 'Windows fatal exception'
    fatal_message TEXT NOT NULL,
    native_frames TEXT NOT NULL,     -- a C stack after a fatal dump, one frame a line
    text TEXT NOT NULL,
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;

CREATE TABLE crash_exceptions (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    report INTEGER NOT NULL,         -- crash_reports.id
    type TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;

CREATE TABLE crash_frames (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    report INTEGER NOT NULL,         -- crash_reports.id
    exception INTEGER NOT NULL,      -- crash_exceptions.id; -1: the fatal error's stack
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    function TEXT NOT NULL,
    repeated INTEGER NOT NULL,       -- "[Previous line repeated N more times]"
    text_line INTEGER NOT NULL,      -- the line of the report's text naming it; 0 if unknown
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;
