-- A staged log file's body is the source's raw JSONL: the prompts, responses and file names themselves.
-- Once ingested it is kept for custodia.staging.keep-ingested (re-ingest, troubleshooting) and then
-- released (io.custodia.source.StagedFileRelease): status RELEASED, body emptied, released_at set. The row
-- stays, so the file is still recognised by id and never staged again.
ALTER TABLE staged_log_file ADD COLUMN released_at DATETIME(6) NULL AFTER ingested_at;

-- the release pass finds what is due by (status, ingested_at)
CREATE INDEX ix_staged_log_file_ingested ON staged_log_file (status, ingested_at);
