-- Dossier schema, version 7: a deposit's passages are found by their
-- idTechnique through the passages' own unique index (a passage's
-- idTechnique never changes, and erasing a holder removes its passages'
-- deposit rows too). The index on deposit_passages(id_technique) doubled
-- the cost of recording a deposit: 200,000 inserts at random places.
DROP INDEX IF EXISTS deposit_passages_id;
