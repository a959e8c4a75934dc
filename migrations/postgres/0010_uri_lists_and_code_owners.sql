-- An app's redirect and logout URIs were stored one per line, so a URI holding a line break
-- (accepted before URIs were checked for control characters) became two. They are JSON arrays
-- of strings now. A URI with another control character in it makes its list unreadable: Latch
-- then reads that app as having no URIs of that kind, and logs it.
UPDATE oauth_clients SET
    redirect_uris = CASE WHEN redirect_uris = '' THEN '[]' ELSE
        '["' || replace(replace(replace(redirect_uris, '\', '\\'), '"', '\"'), chr(10), '","') || '"]'
    END,
    post_logout_redirect_uris = CASE WHEN post_logout_redirect_uris = '' THEN '[]' ELSE
        '["' || replace(replace(replace(post_logout_redirect_uris, '\', '\\'), '"', '\"'), chr(10), '","') || '"]'
    END;

-- A credential change ends a user's unexchanged authorization codes.
CREATE INDEX oauth_codes_user ON oauth_codes (user_id);
