-- PostgreSQL only: the consent ledger is append-only (R6). UPDATE is refused except the erasure path,
-- which turns a live record into its pseudonymous tombstone (order link and language dropped, every
-- other column unchanged); DELETE is refused always.

CREATE FUNCTION consent_records_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'consent records are append-only: DELETE refused (R6)' USING ERRCODE = 'P0001';
    END IF;
    IF OLD.tombstone = FALSE AND NEW.tombstone = TRUE
        AND NEW.order_id IS NULL AND NEW.language IS NULL
        AND NEW.seq = OLD.seq AND NEW.id = OLD.id AND NEW.account_id = OLD.account_id
        AND NEW.purpose = OLD.purpose AND NEW.decision = OLD.decision
        AND NEW.policy_version = OLD.policy_version AND NEW.notice_hash = OLD.notice_hash
        AND NEW.method = OLD.method AND NEW.recorded_at = OLD.recorded_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'consent records are append-only: only erasure may reduce one to a tombstone (R6)' USING ERRCODE = 'P0001';
END;
$$;

CREATE TRIGGER consent_records_append_only
    BEFORE UPDATE OR DELETE ON consent_records
    FOR EACH ROW EXECUTE FUNCTION consent_records_append_only();

-- Partial indexes keep the hot lookups small.
CREATE INDEX privacy_requests_open_partial_idx ON privacy_requests (due_on, received_at, seq) WHERE status = 'RECEIVED';
