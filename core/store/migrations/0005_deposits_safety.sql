-- Dossier schema, version 5: withdrawn passages, crash-safe deposits,
-- accusés recognised by their content.

-- Passages gain the status « retiré » (withdrawn from the CDC by a
-- SUPPRESSION deposit) and the idTechnique the CDC knows them by when it
-- answered that the passage already exists. SQLite cannot change a CHECK
-- constraint in place: the table is rebuilt (foreign keys are off while
-- migrations run, and checked after).
CREATE TABLE passages_v5 (
    id               INTEGER PRIMARY KEY,
    id_technique     TEXT NOT NULL UNIQUE,
    holder_id        INTEGER NOT NULL REFERENCES holders(id),
    certification_id INTEGER NOT NULL REFERENCES certifications(id),
    status           TEXT NOT NULL CHECK (status IN ('a_completer', 'pret', 'depose', 'accepte', 'rejete', 'retire')),
    data             TEXT NOT NULL,
    issues           TEXT NOT NULL DEFAULT '[]',
    date_delivrance  TEXT NOT NULL DEFAULT '',
    source_file      TEXT,
    source_sheet     TEXT,
    source_row       INTEGER,
    accuse_message   TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    accuse_field     TEXT NOT NULL DEFAULT '',
    cdc_id_technique TEXT NOT NULL DEFAULT '' -- another idTechnique the CDC names for this passage
);
INSERT INTO passages_v5(id, id_technique, holder_id, certification_id, status, data, issues, date_delivrance, source_file,
    source_sheet, source_row, accuse_message, created_at, updated_at, accuse_field)
    SELECT id, id_technique, holder_id, certification_id, status, data, issues, date_delivrance, source_file,
    source_sheet, source_row, accuse_message, created_at, updated_at, accuse_field FROM passages;
DROP TABLE passages;
ALTER TABLE passages_v5 RENAME TO passages;
CREATE INDEX passages_status ON passages(status);
CREATE INDEX passages_certification ON passages(certification_id);
CREATE INDEX passages_holder ON passages(holder_id);
CREATE INDEX passages_ready ON passages(status, certification_id, id);

-- Deposits: what they do (CREATION or SUPPRESSION), the temporary path of
-- a file recorded but not yet put in place (finished at the next
-- opening), and their cancellation when the file was never uploaded.
ALTER TABLE deposits ADD COLUMN action TEXT NOT NULL DEFAULT 'CREATION';
ALTER TABLE deposits ADD COLUMN tmp_path TEXT NOT NULL DEFAULT '';
ALTER TABLE deposits ADD COLUMN cancelled_at TEXT;

-- The private folders an export writes its temporary files in, recorded
-- before anything is written there: a stopped export's leftovers are
-- removed at the next opening.
CREATE TABLE export_intents (
    id         INTEGER PRIMARY KEY,
    tmp_dir    TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- An accusé is known by what it says (flux, and each id with its result),
-- not by its bytes: the same accusé downloaded again is recognised.
ALTER TABLE accuses ADD COLUMN content_key TEXT NOT NULL DEFAULT '';
CREATE INDEX accuses_content ON accuses(content_key);
