-- Quarantine entries name the workspace stream (event type, USERS …) they came from, so operators can see
-- per workspace and stream what was kept aside (GET /api/v1/sources, /api/v1/quarantine).
ALTER TABLE quarantine
    ADD COLUMN stream VARCHAR(64) COLLATE utf8mb4_bin NULL AFTER workspace_id,
    ADD KEY ix_quarantine_workspace_stream (workspace_id, stream);

-- lines quarantined by the ingest job before this column existed: their staged file knows the stream
UPDATE quarantine q
    JOIN staged_log_file f
      ON f.workspace_id = q.workspace_id
     AND q.reference LIKE CONCAT(f.workspace_id, '/', f.file_id, '#%')
SET q.stream = f.event_type
WHERE q.stream IS NULL AND q.source = 'ingest';
