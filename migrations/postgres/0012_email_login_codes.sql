-- Login codes by email are one-time codes of their own purpose.
ALTER TABLE one_time_codes DROP CONSTRAINT one_time_codes_purpose_check;
ALTER TABLE one_time_codes ADD CONSTRAINT one_time_codes_purpose_check
    CHECK (purpose IN ('verify_email', 'login_sms', 'login_email', 'change_email', 'change_phone'));
