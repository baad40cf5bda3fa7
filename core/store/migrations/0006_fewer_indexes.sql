-- Dossier schema, version 6: fewer rows and indexes to write.
-- passages_ready (status, certification_id, id) already serves every
-- search by status: passages_status only doubled its work.
DROP INDEX IF EXISTS passages_status;

-- A passage's deposits are read from the deposits themselves: the event
-- each deposit wrote per passage is no longer kept. events_mark is the
-- last event written before the deposit, which places it in timelines.
ALTER TABLE deposits ADD COLUMN events_mark INTEGER NOT NULL DEFAULT 0;
UPDATE deposits SET events_mark = coalesce((SELECT max(id) FROM events
    WHERE kind = 'export' AND detail = deposits.file_name AND at = deposits.created_at), 0);
DELETE FROM events WHERE kind = 'export';
