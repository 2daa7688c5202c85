-- The offline stand-in vendors' own books (adapter-sandbox), shared by every node as a real vendor's are: each model,
-- checkout and refund, and the look-ups that find them, as a short JSON text whose version changes only by a
-- compare-and-set; due_at is when the stand-in has a step to take for it, and lease_holder/lease_until the node that
-- claimed that step (one node at a time; another takes it over once the lease has passed, e.g. after a kill -9).
-- sandbox_blobs holds the sealed files (copies of selfies, drawn headshots), each owned by a record's id. Opaque ids,
-- amounts and sealed bytes only: never an email address or a name.
CREATE TABLE sandbox_records (
    kind         VARCHAR(32)              NOT NULL,
    record_id    VARCHAR(200)             NOT NULL,
    owner_id     VARCHAR(200)             NOT NULL,
    body         VARCHAR(1000000)         NOT NULL,
    version      BIGINT                   NOT NULL,
    due_at       TIMESTAMP WITH TIME ZONE,
    lease_holder VARCHAR(200),
    lease_until  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (kind, record_id)
);
CREATE INDEX sandbox_records_due_idx ON sandbox_records (kind, due_at);
CREATE INDEX sandbox_records_owner_idx ON sandbox_records (owner_id);

CREATE TABLE sandbox_blobs (
    name     VARCHAR(200) NOT NULL,
    owner_id VARCHAR(200) NOT NULL,
    bytes    BYTEA        NOT NULL,
    PRIMARY KEY (name)
);
CREATE INDEX sandbox_blobs_owner_idx ON sandbox_blobs (owner_id);
