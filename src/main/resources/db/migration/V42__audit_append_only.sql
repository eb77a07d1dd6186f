-- Defence in depth for the append-only audit log: the database itself refuses to delete records and to
-- change a sealed record (re-appending an existing record, INSERT … ON DUPLICATE KEY UPDATE that changes
-- nothing, still works). Unsealed records (chain_pos = 0) are left to the sealer, which hashes them
-- seconds later: comparing every column of every row it seals would halve the sealing rate.
-- Someone who can drop these triggers can still tamper; the hash chain is what makes that visible.
-- Creating triggers needs the TRIGGER privilege (and, with binary logging on, SUPER or
-- log_bin_trust_function_creators=1) for the user that runs the migrations.
CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_record is append-only: records cannot be deleted';

DELIMITER $$
CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record FOR EACH ROW
BEGIN
    IF OLD.chain_pos <> 0 AND NOT (
            NEW.chain_pos <=> OLD.chain_pos AND NEW.prev_hash <=> OLD.prev_hash AND NEW.hash <=> OLD.hash
            AND NEW.seq <=> OLD.seq AND NEW.id <=> OLD.id AND NEW.source_key <=> OLD.source_key
            AND NEW.record_type <=> OLD.record_type AND NEW.operation <=> OLD.operation
            AND NEW.workload <=> OLD.workload AND NEW.creation_time <=> OLD.creation_time
            AND NEW.user_id <=> OLD.user_id AND NEW.workspace_id <=> OLD.workspace_id
            AND NEW.object_id <=> OLD.object_id AND NEW.result_status <=> OLD.result_status
            AND NEW.client_ip <=> OLD.client_ip AND NEW.audit_data <=> OLD.audit_data
            AND NEW.original <=> OLD.original AND NEW.recorded_at <=> OLD.recorded_at) THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_record is append-only: a sealed record cannot be changed';
    END IF;
END$$
DELIMITER ;
