-- Set when a password reset is the first proof of an account's mailbox: the number was never
-- proven by the mailbox's owner, so it gets no login codes until confirmed again.
ALTER TABLE users ADD COLUMN phone_voided_at TIMESTAMPTZ;
