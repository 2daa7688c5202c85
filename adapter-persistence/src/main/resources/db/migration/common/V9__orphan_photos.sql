-- R10: the pass that deletes photos no row accounts for asks, for a page of the vault's objects, which a selfie or a
-- headshot names; and keeps the evidence of what it deleted, which belongs to no order.
CREATE INDEX selfies_photo_key_idx ON selfies (photo_key);
CREATE INDEX headshots_photo_key_idx ON headshots (photo_key);

CREATE TABLE deletion_records (
    evidence_id UUID NOT NULL PRIMARY KEY REFERENCES deletion_evidence (id)
);
