-- R48: the retention sweep looks for selfies due for deletion whose job was lost (and R49 for those pending too
-- long); this index keeps that read on the pending ones, however many deleted selfies the table keeps.
CREATE INDEX selfies_state_idx ON selfies (state, deletion_since);

-- R49: the alarms raised and not yet cleared, one per promise and subject (a pseudonymous id), shared by every node.
-- An alarm starts with the insert that adds its row and clears with the delete that removes it, so each start and each
-- clear is seen once, whichever node checks and however often it restarts. mailed_at is when its mail of the day went.
CREATE TABLE alarms (
    promise      VARCHAR(32)              NOT NULL,
    subject_type VARCHAR(32)              NOT NULL,
    subject_id   VARCHAR(128)             NOT NULL,
    raised_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    detail       VARCHAR(200)             NOT NULL,
    mailed_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (promise, subject_type, subject_id)
);
