-- Schema version 6: how many crashes a session's recorder counted but did not write (past its
-- limit of crash records; end.json's "crashes_dropped"), so that a session read back from the
-- store says so as its bundle did. One row for each session that dropped any; sessions stored
-- before this version read as having dropped none.

CREATE TABLE session_dropped_crashes (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    dropped INTEGER NOT NULL CHECK (dropped > 0)
);
