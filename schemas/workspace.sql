-- workspace.sql - the schema of a hocba workspace database (DIR/hocba.db).
--
-- A workspace holds one school's digitization: the scanned books, their
-- pages (the images themselves live in the content-addressed page store
-- DIR/pages/, the database keeps their SHA-256), the student-year records
-- read from them, every field with its annotations (so that review can ask
-- "all fields flagged low-conf"), the audit trail of people's actions, and
-- the job queue that worker processes claim from.
--
-- The file is a list of migrations.  A line "-- migration N: why" starts
-- migration N; pipeline/workspace.c applies, in order and each in its own
-- transaction, every migration above the version recorded in the table
-- schema_version (which workspace.c itself creates), up to the version it
-- was built for (WS_SCHEMA_VERSION).  A migration, once released, is never
-- edited: a change of the schema is a new migration appended at the end,
-- so that an existing school's database is upgraded in place.
--
-- Times are ISO 8601 UTC text ("2025-06-20T08:15:00Z") except the job lease,
-- which is Unix seconds so that expiry is a plain integer comparison.

-- migration 1: the first schema

-- One scanned input (a multi-page PDF or TIFF, an image, or a folder of
-- images) = one student's book.
CREATE TABLE books (
    id        INTEGER PRIMARY KEY,
    source    TEXT NOT NULL,   -- the path as given to `hocba scan`
    name      TEXT NOT NULL,   -- its last component, shown to clerks
    dpi       INTEGER NOT NULL,-- rasterization dpi asked for (PDF)
    added_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- One page of a book.  sha256 is the SHA-256 of the page image as stored
-- (the exact bytes of DIR/pages/<2 hex>/<sha256>.png), which is both its
-- name in the page store and the provenance digest a signed record cites
-- (NGUON_SO_HOA/TRANG sha256).  It is unique: the same scan added twice is
-- recognised and stored once.
CREATE TABLE pages (
    id           INTEGER PRIMARY KEY,
    book         INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL CHECK (idx >= 1),  -- order in the book
    source_file  TEXT NOT NULL,   -- file name as scanned ("book.pdf",
                                  -- "folder/scan003.png")
    source_page  INTEGER NOT NULL CHECK (source_page >= 1),
    sha256       TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    dpi          INTEGER NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    state        TEXT NOT NULL DEFAULT 'stored'
                 CHECK (state IN ('stored', 'cleaned')),
    clean_image  TEXT,            -- cleaned image, relative to the workspace
    UNIQUE (book, idx)
);

-- One student-year record (học bạ số of one school year), version by
-- version.  id is MA_HO_SO, a UUID stable across versions; a correction
-- after signing is a new version that names the one it replaces.
CREATE TABLE records (
    rid       INTEGER PRIMARY KEY, -- internal key of this version
    id        TEXT NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    book      INTEGER REFERENCES books(id),
    year      TEXT,                 -- NAM_HOC, "2019-2020"
    student   TEXT,                 -- LY_LICH/HO_TEN, for listing
    state     TEXT NOT NULL DEFAULT 'draft'
              CHECK (state IN ('draft', 'in_review', 'approved', 'signed',
                               'issued', 'revoked')),
    xml       TEXT NOT NULL,        -- the current draft, or the record
    replaces  TEXT,                 -- SHA-256 of the signed version replaced
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (id, version)
);
CREATE INDEX records_state ON records(state);
CREATE INDEX records_book ON records(book);

-- Every field of a record's current XML, with its draft annotations, so
-- that review can query them.  Rewritten whenever the record is stored.
CREATE TABLE fields (
    record   INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
    ord      INTEGER NOT NULL,   -- document order within the record
    path     TEXT NOT NULL,  -- THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM
    value    TEXT,
    conf     INTEGER,        -- 0..100, NULL when not read from an image
    review   INTEGER NOT NULL DEFAULT 0,
    reason   TEXT,           -- space-separated reason codes
    page     INTEGER,        -- 1-based page of the book, NULL when none
    box_x    INTEGER, box_y INTEGER, box_w INTEGER, box_h INTEGER,
    PRIMARY KEY (record, path)
) WITHOUT ROWID;
CREATE INDEX fields_review ON fields(review, record);

-- The audit trail: every action a person took on a record (a correction,
-- a confirmation, an approval).  Never updated, never deleted.
CREATE TABLE review_actions (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    who        TEXT NOT NULL,
    action     TEXT NOT NULL,   -- "correct", "confirm", "approve", ...
    record     TEXT NOT NULL,   -- records.id (MA_HO_SO)
    version    INTEGER NOT NULL,
    path       TEXT,            -- the field, when the action is on a field
    old_value  TEXT,
    new_value  TEXT
);
CREATE INDEX review_actions_record ON review_actions(record, version);

-- The work queue.  A worker claims a job atomically (BEGIN IMMEDIATE), holds
-- it for a lease, and finishes or fails it; a job whose lease ran out (its
-- worker was killed) is claimed again, attempts counting the claims.
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,            -- the stage: "extract"
    target        INTEGER NOT NULL,         -- books.id for "extract"
    state         TEXT NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'claimed', 'done', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    worker        TEXT,                     -- "host:pid" of the last claim
    lease_expires INTEGER,                  -- Unix seconds
    error         TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    finished_at   TEXT
);
CREATE INDEX jobs_state ON jobs(state, id);
CREATE INDEX jobs_target ON jobs(kind, target);

-- A book's state follows from its latest extract job: waiting, being read,
-- read, or failed.  A view, so that it never disagrees with the queue.
CREATE VIEW book_states AS
SELECT b.id AS book,
       CASE j.state WHEN 'queued' THEN 'queued'
                    WHEN 'claimed' THEN 'processing'
                    WHEN 'done' THEN 'extracted'
                    WHEN 'failed' THEN 'failed'
                    ELSE 'scanned' END AS state
  FROM books b
  LEFT JOIN jobs j ON j.id = (SELECT max(id) FROM jobs
                               WHERE kind = 'extract' AND target = b.id);

-- migration 2: revocations

-- An issued record version that was revoked (thu hồi): a signed học bạ is
-- never edited, so a correction after issue revokes it, with the reason and
-- the name of who approved it (the principal), and makes a new version that
-- replaces it.  sha256 is the digest of the revoked version's signed XML
-- bytes exactly as issued: the replacement names it in THAY_THE, so that
-- anyone holding the old file can tell which one superseded it.
-- replaced_by is the version made to replace it.  Never updated, never
-- deleted, like the audit trail.
CREATE TABLE revocations (
    id           INTEGER PRIMARY KEY,
    record       TEXT NOT NULL,    -- records.id (MA_HO_SO)
    version      INTEGER NOT NULL, -- the revoked version
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    reason       TEXT NOT NULL,
    revoked_by   TEXT NOT NULL,
    at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    replaced_by  INTEGER,
    UNIQUE (record, version)
);

-- migration 3: the school's roster

-- The school's list of students (rule 7 of domain.md: mã học sinh, mã định
-- danh, họ tên, ngày sinh, giới tính, lớp), which fills the identifiers of
-- the records read from paper.  Kept here as the very CSV file the school
-- gave, byte for byte, so that the workspace depends on no outside file (a
-- CSV moved or edited afterwards changes nothing until it is loaded
-- again), and so that a backup or a handover carries it with the records
-- it filled.  One list at a time: loading another replaces it, and books
-- read from then on are matched against the new one.
CREATE TABLE roster (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL,    -- the file as given when it was loaded
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64), -- of csv
    students   INTEGER NOT NULL CHECK (students >= 1),
    csv        BLOB NOT NULL,
    loaded_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- migration 4: review (accounts, sessions, revisions, notes)

-- The class of a record (THONG_TIN_HOC_BA/LOP as read or corrected), so
-- that a teacher is shown the records of the classes assigned to them, and
-- the record's revision: +1 every time the version is stored, so that a
-- reviewer's save made from a copy someone else changed meanwhile is
-- refused instead of silently undoing the other person's work.
ALTER TABLE records ADD COLUMN class TEXT;
ALTER TABLE records ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
UPDATE records SET class = (SELECT value FROM fields f
                             WHERE f.record = records.rid
                               AND f.path = 'THONG_TIN_HOC_BA/LOP');

-- What the audit trail must also say for the signed record's NGUON_SO_HOA:
-- the person's note on a field ("giấy ghi như vậy": the paper itself holds
-- the value a rule doubts), their full name and their role in words.
ALTER TABLE review_actions ADD COLUMN note TEXT;
ALTER TABLE review_actions ADD COLUMN name TEXT;
ALTER TABLE review_actions ADD COLUMN role TEXT;
CREATE INDEX review_actions_path ON review_actions(record, version, path);

-- The people who use the review UI.  pw_hash is scrypt with a per-user
-- salt (review/auth.h); a password is never stored.
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    login      TEXT NOT NULL UNIQUE,
    full_name  TEXT NOT NULL,
    role       TEXT NOT NULL
               CHECK (role IN ('clerk', 'teacher', 'principal', 'admin')),
    pw_hash    TEXT NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The classes a teacher reviews: "8A" (that class in every year: legacy
-- books of one class are often given to its present homeroom teacher) or
-- "2023-2024/8A".
CREATE TABLE user_classes (
    user   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    class  TEXT NOT NULL,
    PRIMARY KEY (user, class)
);

-- Login sessions.  token is the SHA-256 of the cookie's value, so that a
-- copy of the database opens no session; csrf is the token every change
-- must carry; expires is Unix seconds.
CREATE TABLE sessions (
    token    TEXT PRIMARY KEY CHECK (length(token) = 64),
    user     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf     TEXT NOT NULL,
    expires  INTEGER NOT NULL
);

-- Failed logins, to slow down password guessing (by account and by
-- address).  Rows older than the throttle's window are deleted as new ones
-- come.
CREATE TABLE login_failures (
    id   INTEGER PRIMARY KEY,
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
