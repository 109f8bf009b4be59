-- framescope's store, schema version 1: sources and profiles. Every imported file is a
-- source; each kind of data hangs off its source, so one content hash makes every import
-- idempotent and one DELETE removes it. Later versions are the files after this one.

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,             -- 'pstats', 'bundle', 'stall-trace', 'crash-report'
    path TEXT NOT NULL,             -- as given on import
    sha256 TEXT NOT NULL UNIQUE,    -- of the file's bytes: the same bytes are stored once
    size_bytes INTEGER NOT NULL,
    mtime_s INTEGER NOT NULL,       -- the file's modification time (print_stats shows it)
    imported_at_s INTEGER NOT NULL
);

-- One row per .pstats source: the totals as Python's pstats computes them.
CREATE TABLE profiles (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    function_count INTEGER NOT NULL, -- functions with stats; ids at or above are callers only
    total_calls INTEGER NOT NULL,
    total_prim_calls INTEGER NOT NULL,
    total_self_s REAL NOT NULL,
    first_edge INTEGER NOT NULL,     -- the profile's edges are rowids first_edge ..
    edge_count INTEGER NOT NULL      -- .. first_edge + edge_count - 1
);

-- Functions in the order of the file's stats dict (id), which pstats' stable sorts rely on.
-- Times are seconds as the file's doubles, not nanoseconds: reports must match Python's
-- float arithmetic exactly. Keys that appear only as callers have NULL stats.
CREATE TABLE functions (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    name TEXT NOT NULL,
    prim_calls INTEGER,   -- cc
    calls INTEGER,        -- nc
    self_s REAL,          -- tt
    cumulative_s REAL,    -- ct
    PRIMARY KEY (source_id, id)
) WITHOUT ROWID;

-- Caller edges, appended in one run of rowids per profile: grouped by callee, each callee's
-- in the order of its callers dict. A plain rowid table with no index appends about twice as
-- fast as one keyed by (source, callee, position), and the run is all a profile needs.
CREATE TABLE edges (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    callee_id INTEGER NOT NULL,
    caller_id INTEGER NOT NULL,
    is_count INTEGER NOT NULL, -- 1: the profile module's plain call count; 0: cProfile's tuple
    calls INTEGER NOT NULL,
    prim_calls INTEGER NOT NULL,
    self_s REAL NOT NULL,
    cumulative_s REAL NOT NULL
);
