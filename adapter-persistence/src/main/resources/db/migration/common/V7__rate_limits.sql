-- Rate-limit counters shared by every node (R47). One row per limit and key, named by a keyed hash of
-- both: the key (a network or email address, an account) is never stored. The state is bucket4j's
-- serialised bucket; expires_at is when the counter's window lapses, after which the retention sweep
-- deletes the row (R12). A new counter is first inserted empty (state and expires_at NULL), then filled
-- in under a row lock by the same attempt.

CREATE TABLE rate_limits (
    key_hash   VARCHAR(64)              NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX rate_limits_expires_idx ON rate_limits (expires_at);
