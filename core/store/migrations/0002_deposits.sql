-- Dossier schema, version 2: deposits and loaded XSD files.

-- XSD files loaded from a CDC kit; the most recent one is used.
CREATE TABLE xsd_files (
    id        INTEGER PRIMARY KEY,
    version   TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content   BLOB NOT NULL,
    loaded_at TEXT NOT NULL
);

-- One exported deposit file.
CREATE TABLE deposits (
    id               INTEGER PRIMARY KEY,
    id_flux          TEXT NOT NULL UNIQUE,
    horodatage       TEXT NOT NULL,
    certificateur_id INTEGER NOT NULL REFERENCES certificateurs(id),
    xsd_version      TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    file_path        TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    passages         INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    accuse_status    TEXT NOT NULL DEFAULT '' -- '' while no accusé was read
);

-- Which passages a deposit holds, and the lines each one occupies in the
-- file, to map the CDC's line-numbered errors back to passages.
CREATE TABLE deposit_passages (
    deposit_id   INTEGER NOT NULL REFERENCES deposits(id) ON DELETE CASCADE,
    passage_id   INTEGER NOT NULL REFERENCES passages(id),
    id_technique TEXT NOT NULL,
    line_start   INTEGER NOT NULL,
    line_end     INTEGER NOT NULL,
    PRIMARY KEY (deposit_id, passage_id)
);
CREATE INDEX deposit_passages_passage ON deposit_passages(passage_id);
CREATE INDEX deposit_passages_line ON deposit_passages(deposit_id, line_start);
CREATE INDEX passages_ready ON passages(status, certification_id, id);
