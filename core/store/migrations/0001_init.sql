-- Dossier schema, version 1.

-- Dossier-wide settings: emetteur BCR, targeted XSD version, defaults.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE certificateurs (
    id         INTEGER PRIMARY KEY,
    id_client  TEXT NOT NULL UNIQUE,
    id_contrat TEXT NOT NULL,
    nature     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE certifications (
    id               INTEGER PRIMARY KEY,
    certificateur_id INTEGER NOT NULL REFERENCES certificateurs(id),
    type             TEXT NOT NULL,
    code             TEXT NOT NULL,
    titre            TEXT NOT NULL DEFAULT '',
    nature           TEXT NOT NULL DEFAULT '',
    UNIQUE (certificateur_id, type, code)
);

-- A holder (titulaire) and the identification data of the field dictionary,
-- as a JSON object {key: text | null}; null means "donnée non connue".
CREATE TABLE holders (
    id         INTEGER PRIMARY KEY,
    data       TEXT NOT NULL,
    search     TEXT NOT NULL DEFAULT '', -- folded name, for search
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX holders_search ON holders(search);

CREATE TABLE passages (
    id               INTEGER PRIMARY KEY,
    id_technique     TEXT NOT NULL UNIQUE, -- unique per emetteur: a dossier has one emetteur
    holder_id        INTEGER NOT NULL REFERENCES holders(id),
    certification_id INTEGER NOT NULL REFERENCES certifications(id),
    status           TEXT NOT NULL CHECK (status IN ('a_completer', 'pret', 'depose', 'accepte', 'rejete')),
    data             TEXT NOT NULL,             -- JSON, like holders.data
    issues           TEXT NOT NULL DEFAULT '[]', -- JSON [{field, message}] from the last validation
    date_delivrance  TEXT NOT NULL DEFAULT '',  -- copy of dateDebutValidite, for deadlines
    source_file      TEXT,
    source_sheet     TEXT,
    source_row       INTEGER,
    accuse_message   TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX passages_status ON passages(status);
CREATE INDEX passages_certification ON passages(certification_id);
CREATE INDEX passages_holder ON passages(holder_id);

-- Timeline of each passage: created, imported, edited, exported, OK/KO.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_passage ON events(passage_id);
