-- Roles become any name an admin gives (Latch checks it: ^[a-z][a-z0-9_.:-]{0,62}$), so the
-- table is rebuilt without the CHECK that allowed only 'user' and 'admin'.
CREATE TABLE user_roles_new (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
-- Counting the admins (the last-admin rule) reads this, not every role row.
CREATE INDEX user_roles_role ON user_roles (role, user_id);

-- A disabled account cannot log in and has no live session.
ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- The admin search: one index per searched column (prefix ranges), and the default order.
CREATE INDEX users_first_name_lower ON users (lower(first_name));
-- Also the order of `sort=name`, so a page of it reads 20 rows, not 100,000.
CREATE INDEX users_name_order ON users (lower(last_name), lower(first_name), id);
CREATE INDEX users_created ON users (created_at, id);

-- Who did it (an admin, for the admin's actions) and what changed (roles added and removed).
ALTER TABLE audit_events ADD COLUMN actor_id BLOB;
ALTER TABLE audit_events ADD COLUMN detail TEXT;
-- The security log by kind, newest first (the whole log and a user's have theirs: 0001, 0004).
CREATE INDEX audit_events_kind ON audit_events (kind, at);
