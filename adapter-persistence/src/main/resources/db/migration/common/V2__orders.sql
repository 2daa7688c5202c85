-- Orders with their status history, selfies, vendor model and headshots, and the deletion evidence
-- their biometric lifecycles leave behind (R10, R14, R15). retention_due_at is the index the sweep
-- reads, so its cost stays flat however many orders are not due (R12).

CREATE TABLE deletion_evidence (
    id            UUID                     NOT NULL PRIMARY KEY,
    category      VARCHAR(32)              NOT NULL,
    subject       VARCHAR(200)             NOT NULL,
    location_kind VARCHAR(16)              NOT NULL,
    location_name VARCHAR(80)              NOT NULL,
    deleted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    reason        VARCHAR(40)              NOT NULL,
    confirmation  VARCHAR(500)             NOT NULL
);

CREATE TABLE orders (
    id                          UUID                     NOT NULL PRIMARY KEY,
    account_id                  UUID                     NOT NULL,
    plan                        VARCHAR(40)              NOT NULL,
    headshots_ordered           INT                      NOT NULL,
    price_minor                 BIGINT                   NOT NULL,
    currency                    VARCHAR(3)               NOT NULL,
    styles                      VARCHAR(500)             NOT NULL,
    status                      VARCHAR(20)              NOT NULL CHECK (status IN ('DRAFT', 'AWAITING_PAYMENT', 'PAID', 'TRAINING',
                                                             'GENERATING', 'DELIVERED', 'FAILED', 'CANCELLED', 'REFUNDED')),
    payment_ref                 VARCHAR(255),
    checkout_attempts           INT                      NOT NULL,
    last_activity_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    model_state                 VARCHAR(24)              CHECK (model_state IN ('REQUESTED', 'TRAINED', 'DELETION_REQUESTED',
                                                             'DELETION_CONFIRMED')),
    model_ref                   VARCHAR(128),
    model_requested_at          TIMESTAMP WITH TIME ZONE,
    model_trained_at            TIMESTAMP WITH TIME ZONE,
    model_deletion_reason       VARCHAR(40),
    model_deletion_requested_at TIMESTAMP WITH TIME ZONE,
    model_deletion_attempts     INT,
    model_last_attempt_at       TIMESTAMP WITH TIME ZONE,
    model_evidence_id           UUID REFERENCES deletion_evidence (id),
    retention_due_at            TIMESTAMP WITH TIME ZONE,
    version                     BIGINT                   NOT NULL
);
CREATE INDEX orders_account_idx ON orders (account_id, created_at);
-- Both in the order the queries read them (earliest first, ties by id), so a LIMIT stops early.
CREATE INDEX orders_retention_due_idx ON orders (retention_due_at, id);
CREATE INDEX orders_model_state_idx ON orders (model_state, model_deletion_requested_at, id);

CREATE TABLE order_status_changes (
    order_id   UUID                     NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position   INT                      NOT NULL,
    status     VARCHAR(20)              NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    why        VARCHAR(200)             NOT NULL,
    PRIMARY KEY (order_id, position)
);

CREATE TABLE selfies (
    id                 UUID                     NOT NULL PRIMARY KEY,
    order_id           UUID                     NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position           INT                      NOT NULL,
    state              VARCHAR(20)              NOT NULL CHECK (state IN ('STORED', 'SENT_TO_VENDOR', 'PENDING_DELETION', 'DELETED')),
    photo_key          VARCHAR(200),
    sha256             VARCHAR(64),
    uploaded_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at            TIMESTAMP WITH TIME ZONE,
    deletion_reason    VARCHAR(40),
    deletion_since     TIMESTAMP WITH TIME ZONE,
    evidence_id        UUID REFERENCES deletion_evidence (id)
);
CREATE INDEX selfies_order_idx ON selfies (order_id, position);

CREATE TABLE headshots (
    id        UUID                     NOT NULL PRIMARY KEY,
    order_id  UUID                     NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position  INT                      NOT NULL,
    style     VARCHAR(40)              NOT NULL,
    photo_key VARCHAR(200)             NOT NULL,
    sha256    VARCHAR(64)              NOT NULL,
    asset_id  UUID                     NOT NULL,
    stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX headshots_order_idx ON headshots (order_id, position);
