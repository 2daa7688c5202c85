-- The checkouts the payment processor opened for each order (one per checkout attempt): the processor's
-- reference (Stripe: the Checkout Session id) and the amount asked. A payment pays an order only when it
-- was made on one of these, for exactly that amount and currency. Rows are only ever added, in the order
-- they were recorded (position), like the order's status history.
CREATE TABLE order_checkouts (
    order_id     UUID                     NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position     INT                      NOT NULL,
    attempt      INT                      NOT NULL CHECK (attempt >= 1),
    reference    VARCHAR(255)             NOT NULL,
    amount_minor BIGINT                   NOT NULL CHECK (amount_minor >= 0),
    currency     VARCHAR(3)               NOT NULL,
    opened_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (order_id, position),
    CONSTRAINT order_checkouts_attempt_once UNIQUE (order_id, attempt)
);
