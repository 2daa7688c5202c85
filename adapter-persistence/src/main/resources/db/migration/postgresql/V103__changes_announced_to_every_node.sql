-- PostgreSQL only: every change to a session or to an order (its row or any row nested in it) is announced on the
-- channel kaptura_changes, at commit, to every node that listens. A node keeps the signed-in read (the session and
-- the order) in memory only while it listens, and forgets an entry when its announcement comes (ReadCaches): a
-- sign-out or an erasure on one node is honoured by the others as soon as the commit's notification reaches them.
-- The payload is "<schema>|s|<token hash>" or "<schema>|o|<order id>": the schema, because several Kaptura schemas
-- may share one database (the tests do). PostgreSQL folds identical notifications of one transaction into one.

CREATE FUNCTION kaptura_announce_session_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('kaptura_changes', TG_TABLE_SCHEMA || '|s|' || OLD.token_hash);
    RETURN NULL;
END;
$$;

CREATE FUNCTION kaptura_announce_order_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME = 'orders' THEN
        PERFORM pg_notify('kaptura_changes', TG_TABLE_SCHEMA || '|o|' || COALESCE(OLD.id, NEW.id));
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM pg_notify('kaptura_changes', TG_TABLE_SCHEMA || '|o|' || NEW.order_id);
    ELSE
        PERFORM pg_notify('kaptura_changes', TG_TABLE_SCHEMA || '|o|' || OLD.order_id);
        IF TG_OP = 'UPDATE' AND NEW.order_id IS DISTINCT FROM OLD.order_id THEN
            PERFORM pg_notify('kaptura_changes', TG_TABLE_SCHEMA || '|o|' || NEW.order_id);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

-- A new session or order cannot be in any node's memory yet (absence is never kept), so inserts of those two are
-- not announced; a row added to an order changes that order.
CREATE TRIGGER kaptura_announce_sessions
    AFTER UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION kaptura_announce_session_change();

CREATE TRIGGER kaptura_announce_orders
    AFTER UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION kaptura_announce_order_change();

CREATE TRIGGER kaptura_announce_order_status_changes
    AFTER INSERT OR UPDATE OR DELETE ON order_status_changes
    FOR EACH ROW EXECUTE FUNCTION kaptura_announce_order_change();

CREATE TRIGGER kaptura_announce_selfies
    AFTER INSERT OR UPDATE OR DELETE ON selfies
    FOR EACH ROW EXECUTE FUNCTION kaptura_announce_order_change();

CREATE TRIGGER kaptura_announce_headshots
    AFTER INSERT OR UPDATE OR DELETE ON headshots
    FOR EACH ROW EXECUTE FUNCTION kaptura_announce_order_change();

CREATE TRIGGER kaptura_announce_order_checkouts
    AFTER INSERT OR UPDATE OR DELETE ON order_checkouts
    FOR EACH ROW EXECUTE FUNCTION kaptura_announce_order_change();

-- The model's deletion evidence is shown with its order (orders.model_evidence_id).
CREATE FUNCTION kaptura_announce_evidence_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    changed UUID;
BEGIN
    FOR changed IN SELECT id FROM orders WHERE model_evidence_id = OLD.id LOOP
        PERFORM pg_notify('kaptura_changes', TG_TABLE_SCHEMA || '|o|' || changed);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER kaptura_announce_deletion_evidence
    AFTER UPDATE OR DELETE ON deletion_evidence
    FOR EACH ROW EXECUTE FUNCTION kaptura_announce_evidence_change();

-- TRUNCATE fires no row trigger: emptying a table is announced as "everything changed".
CREATE FUNCTION kaptura_announce_truncate() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('kaptura_changes', TG_TABLE_SCHEMA || '|*');
    RETURN NULL;
END;
$$;

CREATE TRIGGER kaptura_announce_sessions_truncate
    AFTER TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION kaptura_announce_truncate();

CREATE TRIGGER kaptura_announce_orders_truncate
    AFTER TRUNCATE ON orders
    FOR EACH STATEMENT EXECUTE FUNCTION kaptura_announce_truncate();
