-- R51: photo-quality advice, flags only. One row per analysed selfie: its flags (names of AdviceFlag, comma-separated,
-- empty when there is nothing to say) and, for SAME_AS, the earlier selfie of the order it repeats. No measure, face
-- box or hash is kept. The row goes when its selfie is saved as due for deletion (OrderWrites), and with its selfie's
-- row (and so with its order, and with an erased account's orders);
-- same_as is no key: the page shows a repetition only while the photo repeated is in the draft.
CREATE TABLE selfie_advice (
    selfie_id UUID         NOT NULL PRIMARY KEY REFERENCES selfies (id) ON DELETE CASCADE,
    order_id  UUID         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    flags     VARCHAR(200) NOT NULL,
    same_as   UUID
);
CREATE INDEX selfie_advice_order_idx ON selfie_advice (order_id);
