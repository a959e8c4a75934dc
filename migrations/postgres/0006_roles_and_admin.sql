-- Roles become any name an admin gives (Latch checks it: ^[a-z][a-z0-9_.:-]{0,62}$).
ALTER TABLE user_roles DROP CONSTRAINT IF EXISTS user_roles_role_check;
-- Counting the admins (the last-admin rule) reads this, not every role row.
CREATE INDEX user_roles_role ON user_roles (role, user_id);

-- A disabled account cannot log in and has no live session.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMPTZ;

-- The admin search: one index per searched column. Prefixes are searched as ranges in byte
-- order ("C"), which every index below serves whatever the database's collation.
CREATE INDEX users_email_prefix ON users ((email COLLATE "C"));
CREATE INDEX users_phone_prefix ON users ((phone COLLATE "C"));
CREATE INDEX users_first_name_lower ON users ((lower(first_name) COLLATE "C"));
-- Also the order of `sort=name` (in byte order, as on SQLite), so a page of it reads 20 rows.
CREATE INDEX users_name_order
    ON users ((lower(last_name) COLLATE "C"), (lower(first_name) COLLATE "C"), id);
CREATE INDEX users_created ON users (created_at, id);

-- Who did it (an admin, for the admin's actions) and what changed (roles added and removed).
ALTER TABLE audit_events ADD COLUMN actor_id UUID;
ALTER TABLE audit_events ADD COLUMN detail TEXT;
-- The security log by kind, newest first (the whole log and a user's have theirs: 0001, 0004).
CREATE INDEX audit_events_kind ON audit_events (kind, at);
