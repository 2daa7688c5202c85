-- R47: a code has one purpose (signing in, or checking an address an account wants to move to), an address
-- check belongs to the account that asked for it, and a sign-in link may be bound to the browser that asked
-- (the hash of its nonce). Address checks have no link.
ALTER TABLE sign_in_challenges ADD COLUMN purpose VARCHAR(16) DEFAULT 'SIGN_IN' NOT NULL;
ALTER TABLE sign_in_challenges ADD CONSTRAINT sign_in_challenges_purpose_check CHECK (purpose IN ('SIGN_IN', 'ADDRESS_CHECK'));
ALTER TABLE sign_in_challenges ADD COLUMN account_id UUID;
ALTER TABLE sign_in_challenges ADD COLUMN browser_hash VARCHAR(64);
ALTER TABLE sign_in_challenges ALTER COLUMN link_hash DROP NOT NULL;
-- Codes issued before this version recorded no purpose, so none of them may be used any more (they would last
-- 15 minutes at most anyway): whoever holds one asks for a new one.
UPDATE sign_in_challenges SET used_at = issued_at WHERE used_at IS NULL;
CREATE INDEX sign_in_challenges_account_idx ON sign_in_challenges (account_id, issued_at);

-- R47: what a stored selfie weighs, for the quota on what unpaid orders may hold. Rows stored before this
-- version have none and count as nothing.
ALTER TABLE selfies ADD COLUMN bytes BIGINT;
