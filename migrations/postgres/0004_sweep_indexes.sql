-- The periodic sweep deletes by age: these keep each delete an index range, not a table scan.
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX users_unverified_created ON users (created_at) WHERE email_verified_at IS NULL;
CREATE INDEX rate_limits_window_end ON rate_limits (window_end);
