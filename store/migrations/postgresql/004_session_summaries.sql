-- PostgreSQL, schema version 4 (the SQLite set's comments apply): what the store overview
-- shows of a session, kept beside it so that the overview of thousands of sessions reads a few
-- small rows each, never their frames and samples. A summary is written after its session's
-- import (in its own transaction); a session without one (stored before this version, or its
-- import interrupted between the two) is summarized when the overview first reads it.

CREATE TABLE session_summaries (
    source_id BIGINT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    length_s DOUBLE PRECISION NOT NULL          -- from the first frame's start to the last frame's end
);

-- The session's stalls, each with the signature that groups it (model/stall_analysis), its
-- kind (model/stall_kind, as JSON names it) and its blocking stack, innermost first, one
-- "file<TAB>line<TAB>function" per line.
CREATE TABLE session_stalls (
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    signature TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    stack TEXT COLLATE "C" NOT NULL,
    duration_s DOUBLE PRECISION NOT NULL,
    unfinished BIGINT NOT NULL,     -- the session ended during it: a hang
    PRIMARY KEY (source_id, id)
);
