-- PostgreSQL only: the audit append (R46) as one call. Every appender waits for the chain head's lock and holds it to
-- its commit, so each round trip made while holding it is paid by every other writer: here the lock is taken, the entry
-- numbered, hashed, inserted and the head moved inside the server, and the head is held for this call and the commit.
-- The hash is the domain's (AuditChain.hash): SHA-256 of the previous hash's 32 bytes, then the canonical bytes, which
-- are the version line, the sequence as a field ("<length>:<digits>\n") and the rest the caller passes
-- (AuditChain.canonicalAfterSequence). The caller recomputes the hash from what it gets back and refuses a mismatch.

CREATE FUNCTION kaptura_audit_append(
    p_occurred_at TIMESTAMP WITH TIME ZONE,
    p_actor_kind VARCHAR,
    p_actor_id VARCHAR,
    p_action VARCHAR,
    p_subject_type VARCHAR,
    p_subject_id VARCHAR,
    p_rule_id VARCHAR,
    p_details VARCHAR,
    p_after_sequence BYTEA)
    RETURNS TABLE (appended_sequence BIGINT, appended_previous_hash VARCHAR, appended_hash VARCHAR)
    LANGUAGE plpgsql AS
$$
DECLARE
    head_sequence BIGINT;
    head_hash     VARCHAR;
    next_sequence BIGINT;
    next_hash     VARCHAR;
BEGIN
    SELECT h.sequence, h.hash INTO head_sequence, head_hash FROM audit_head h WHERE h.id = 1 FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'audit_head has no row: the audit chain''s head is missing (R46)' USING ERRCODE = 'P0001';
    END IF;
    next_sequence := head_sequence + 1;
    next_hash := encode(sha256(decode(head_hash, 'hex')
        || convert_to('kaptura-audit-v1' || E'\n' || length(next_sequence::text) || ':' || next_sequence::text || E'\n',
                      'UTF8')
        || p_after_sequence), 'hex');
    INSERT INTO audit_log (sequence, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, rule_id,
                           details, previous_hash, hash)
    VALUES (next_sequence, p_occurred_at, p_actor_kind, p_actor_id, p_action, p_subject_type, p_subject_id, p_rule_id,
            p_details, head_hash, next_hash);
    UPDATE audit_head SET sequence = next_sequence, hash = next_hash WHERE id = 1;
    RETURN QUERY SELECT next_sequence, head_hash, next_hash;
END;
$$;
