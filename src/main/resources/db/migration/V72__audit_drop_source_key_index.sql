-- uk_audit_source duplicated uk_audit_id: every record's id is the name-based UUID of its source key
-- (AuditRecords.uuid, checked by AuditRecord's constructor), so the unique id already keeps one record per
-- source key, and appending stays idempotent (ON DUPLICATE KEY UPDATE on uk_audit_id). Nothing looks records
-- up by source key; the second unique index cost a uniqueness look-up and a random insert per record
-- (docs/performance.md, eighth round).
ALTER TABLE audit_record DROP INDEX uk_audit_source;
