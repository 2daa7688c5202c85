-- PostgreSQL only: a selfie's advice (R51, V17) is shown with its order, so a change to it is announced as a change of
-- that order on kaptura_changes (see V103), and every node forgets the order's advice it kept in memory.

CREATE TRIGGER kaptura_announce_selfie_advice
    AFTER INSERT OR UPDATE OR DELETE ON selfie_advice
    FOR EACH ROW EXECUTE FUNCTION kaptura_announce_order_change();

CREATE TRIGGER kaptura_announce_selfie_advice_truncate
    AFTER TRUNCATE ON selfie_advice
    FOR EACH STATEMENT EXECUTE FUNCTION kaptura_announce_truncate();
