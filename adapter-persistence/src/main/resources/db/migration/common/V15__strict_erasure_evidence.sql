-- Erasure evidence is strict (R27): each piece of evidence of an erased location says what the location answered, and
-- a retained location names a ground of GDPR Art. 17(3) and the day its retention lapses.

-- What the location answered: its response and how many objects it removed or confirmed gone. NULL in evidence
-- written before (and in evidence of a single selfie or model, which may carry its summary only).
ALTER TABLE deletion_evidence ADD COLUMN response VARCHAR(300);
ALTER TABLE deletion_evidence ADD COLUMN object_count INT;
ALTER TABLE deletion_evidence ADD CONSTRAINT deletion_evidence_answer_shape CHECK (
    (response IS NULL AND object_count IS NULL) OR (response IS NOT NULL AND object_count >= 0));

-- A retained location's ground (a RetentionGround name) and lapse date; legal_basis now holds the ground's detail (the
-- law or reference it rests on).
ALTER TABLE erasure_items ADD COLUMN ground VARCHAR(40);
ALTER TABLE erasure_items ADD COLUMN lapses_on DATE;

-- Outcomes recorded before are kept as they were written, under names of their own: LEGACY_ERASED (evidence without
-- the location's answer) and LEGACY_RETAINED (a basis in free text, no ground, no lapse date).
UPDATE erasure_items SET outcome = 'LEGACY_ERASED' WHERE outcome = 'ERASED';
UPDATE erasure_items SET outcome = 'LEGACY_RETAINED' WHERE outcome = 'RETAINED_WITH_BASIS';
ALTER TABLE erasure_items ADD CONSTRAINT erasure_items_retained_shape CHECK (
    (outcome = 'RETAINED_WITH_BASIS' AND ground IS NOT NULL AND lapses_on IS NOT NULL)
    OR (ground IS NULL AND lapses_on IS NULL AND (outcome IS NULL OR outcome <> 'RETAINED_WITH_BASIS')));
