-- The language the person chose or signed up in (a BCP 47 tag Latch ships, like `pl`): the
-- pages' language when their browser names none, and later their emails' and SMS'.
ALTER TABLE users ADD COLUMN locale TEXT;
