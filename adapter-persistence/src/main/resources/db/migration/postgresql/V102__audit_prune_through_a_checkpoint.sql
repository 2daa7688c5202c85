-- PostgreSQL only: the audit log stays append-only (V101), with one way out, the retention schedule's pruning of
-- entries older than it keeps them (R12, R46). A DELETE is allowed only for a row at or before the cut named in the
-- transaction-local setting kaptura.audit_prune, and never for the chain's head (audit_head), so the chain goes on.
-- Kaptura sets it (SqlAuditLog.pruneThrough) only after a checkpoint of the cut was signed with the audit key and kept
-- outside the database: the pruned chain verifies from that checkpoint. UPDATE and TRUNCATE stay refused, as does any
-- DELETE without the setting. The setting is a guard against mistakes, not against whoever can write the database:
-- entries removed without a signed checkpoint at the cut and an AUDIT_PRUNED entry naming it break verification.

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    cut TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        cut := current_setting('kaptura.audit_prune', true);
        IF cut IS NOT NULL AND cut ~ '^[0-9]{1,18}$' THEN
            IF OLD.sequence <= cut::BIGINT
                AND OLD.sequence < (SELECT sequence FROM audit_head WHERE id = 1) THEN
                RETURN OLD;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % refused (R46)', TG_OP USING ERRCODE = 'P0001';
END;
$$;
