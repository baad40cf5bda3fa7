-- Dossier schema, version 3: accusés de traitement.

-- Each accusé read, so that reading the same one twice changes nothing.
CREATE TABLE accuses (
    id            INTEGER PRIMARY KEY,
    deposit_id    INTEGER NOT NULL REFERENCES deposits(id),
    sha256        TEXT NOT NULL UNIQUE,
    file_name     TEXT NOT NULL,
    id_traitement TEXT NOT NULL DEFAULT '',
    refused       INTEGER NOT NULL DEFAULT 0, -- the whole file was refused (XSD errors)
    ok            INTEGER NOT NULL DEFAULT 0,
    ko            INTEGER NOT NULL DEFAULT 0,
    unknown       INTEGER NOT NULL DEFAULT 0,
    imported_at   TEXT NOT NULL
);
CREATE INDEX accuses_deposit ON accuses(deposit_id);
CREATE INDEX deposits_file_name ON deposits(file_name);
CREATE INDEX deposit_passages_id ON deposit_passages(id_technique);

-- The field a CDC structural error pointed at, to open the form there.
ALTER TABLE passages ADD COLUMN accuse_field TEXT NOT NULL DEFAULT '';
