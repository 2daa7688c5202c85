-- R48: the retention sweep looks for selfies due for deletion whose job was lost (and R49 for those pending too
-- long); this index keeps that read on the pending ones, however many deleted selfies the table keeps.
CREATE INDEX selfies_state_idx ON selfies (state, deletion_since);
