-- Dossier schema, version 4: spreadsheet imports, so that one can be undone.

CREATE TABLE imports (
    id         INTEGER PRIMARY KEY,
    file       TEXT NOT NULL,
    sheet      TEXT NOT NULL DEFAULT '',
    rows       INTEGER NOT NULL DEFAULT 0,
    added      INTEGER NOT NULL DEFAULT 0,
    updated    INTEGER NOT NULL DEFAULT 0,
    flagged    INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    undone_at  TEXT
);

-- What an import did to each passage: added, or updated (with the values
-- it had before, to restore them).
CREATE TABLE import_changes (
    import_id  INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    passage_id INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('added', 'updated')),
    old_data   TEXT,
    old_holder TEXT,
    old_status TEXT,
    old_issues TEXT
);
CREATE INDEX import_changes_import ON import_changes(import_id);

-- Column mappings saved for the next import of a similar sheet.
CREATE TABLE column_mappings (
    name     TEXT PRIMARY KEY,
    mapping  TEXT NOT NULL, -- JSON {header: field key}
    saved_at TEXT NOT NULL
);
