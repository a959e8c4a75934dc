-- The operator's brand: one row (id 1), seeded from LATCH_BRAND_* on the first start and
-- changed at /admin/branding or PUT /api/v1/admin/branding. `version` grows with each change,
-- so every instance notices one by reading a single number (at most 5 s late).
CREATE TABLE branding (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    product_name TEXT NOT NULL,
    support_url TEXT,
    support_email TEXT,
    privacy_url TEXT,
    terms_url TEXT,
    footer TEXT,
    accent TEXT,
    accent_dark TEXT,
    version BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);
