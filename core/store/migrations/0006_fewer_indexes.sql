-- Dossier schema, version 6: one index fewer to maintain on every write.
-- passages_ready (status, certification_id, id) already serves every
-- search by status: passages_status only doubled its work.
DROP INDEX IF EXISTS passages_status;
