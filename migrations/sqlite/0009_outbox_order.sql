-- The outbox delivers a destination's messages in the order they were written: a message waits
-- while an older one to the same address or number is still pending (being retried, or sent
-- by another instance). This index answers "is there an older pending one?" for the claim.
CREATE INDEX outbox_pending_destination ON outbox (destination, created_at) WHERE state = 'pending';
