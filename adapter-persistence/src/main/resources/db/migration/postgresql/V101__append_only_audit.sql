-- PostgreSQL only: the audit log is append-only (R46, R50). UPDATE and DELETE are refused; nothing in Kaptura
-- changes or removes an entry. Someone with the rights to disable this trigger can still rewrite the table: the
-- signed checkpoints kept outside the database are what finds that.

CREATE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused (R46)', TG_OP USING ERRCODE = 'P0001';
END;
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
