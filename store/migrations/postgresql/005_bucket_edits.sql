-- PostgreSQL, schema version 5 (the SQLite set's comments apply): what a user changed about
-- the crash buckets, applied whenever reports are bucketed (the window and `framescope buckets
-- --db` alike). A merge sends the reports of one signature to the bucket of another; rules add
-- application paths and functions to leave out of signatures to the rules given. Keys are
-- signature keys as buckets print them ("KeyError @ shop/cart.py:lookup").

CREATE TABLE IF NOT EXISTS bucket_merges (
    signature TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    into_signature TEXT COLLATE "C" NOT NULL CHECK (into_signature <> signature)
);

CREATE TABLE IF NOT EXISTS bucket_rules (
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('app_path', 'skip_function')),
    value TEXT COLLATE "C" NOT NULL CHECK (value <> ''),
    PRIMARY KEY (kind, value)
);
