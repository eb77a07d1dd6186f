-- Staged log files are stored gzip-compressed (body_encoding 'gzip'): 4.6:1 for the ingest bench's files,
-- 1.5-2.5:1 for the demo's small ones, and a
-- several-hundred-kilobyte body sent as an escaped text-protocol parameter cost more CPU and garbage (in
-- the hub and in MariaDB) than compressing it. Rows staged before, or by hand, stay 'identity'.
ALTER TABLE staged_log_file
    ADD COLUMN body_encoding VARCHAR(16) NOT NULL DEFAULT 'identity' AFTER body;
