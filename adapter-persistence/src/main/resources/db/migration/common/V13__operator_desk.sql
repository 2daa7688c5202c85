-- R50: the operator's desk. A session opens either a person's pages or the operator's desk (its role), and two
-- more code purposes exist: an operator's sign-in and the fresh code that confirms a destructive action.
ALTER TABLE sessions ADD COLUMN role VARCHAR(16) DEFAULT 'PERSON' NOT NULL;
ALTER TABLE sessions ADD CONSTRAINT sessions_role_check CHECK (role IN ('PERSON', 'OPERATOR'));
ALTER TABLE sign_in_challenges DROP CONSTRAINT sign_in_challenges_purpose_check;
ALTER TABLE sign_in_challenges ADD CONSTRAINT sign_in_challenges_purpose_check
    CHECK (purpose IN ('SIGN_IN', 'ADDRESS_CHECK', 'OPERATOR_SIGN_IN', 'OPERATOR_CONFIRM'));
-- What a failing job's last run said, kept with the job's row (and gone with it) for the desk's jobs page.
ALTER TABLE scheduled_tasks ADD COLUMN last_error VARCHAR(2000);
