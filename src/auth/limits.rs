//! The rules with numbers, in one place (docs/DESIGN.md, docs/API.md).

use std::time::Duration;

use crate::model::minutes;

pub const EMAIL_CODE_LIFETIME: Duration = Duration::from_secs(minutes::EMAIL_CODE * 60);
/// A login code by email: 10 minutes, as a code that lets someone in should be short-lived.
pub const EMAIL_LOGIN_CODE_LIFETIME: Duration = Duration::from_secs(minutes::EMAIL_LOGIN_CODE * 60);
pub const SMS_CODE_LIFETIME: Duration = Duration::from_secs(minutes::SMS_CODE * 60);
/// Five wrong tries kill a code: 5 guesses of 10^6 give an attacker a 1 in 200,000 chance.
pub const CODE_MAX_ATTEMPTS: i32 = 5;
pub const RESEND_COOLDOWN: Duration = Duration::from_secs(60);
/// docs/DESIGN.md: idle expiry 7 days, absolute 30 days.
pub const SESSION_IDLE: Duration = Duration::from_secs(7 * 24 * 3600);
pub const SESSION_ABSOLUTE: Duration = Duration::from_secs(30 * 24 * 3600);
/// The sweep deletes this many rows per statement, and pauses this long between them.
pub const SWEEP_BATCH: i64 = 1_000;
pub const SWEEP_PAUSE: Duration = Duration::from_millis(5);
pub const RESET_TOKEN_LIFETIME: Duration = Duration::from_secs(minutes::RESET_LINK * 60);
/// Changing the email or phone needs a login this recent, or the current password.
pub const REAUTHENTICATION_WINDOW: Duration = Duration::from_secs(10 * 60);
/// Last-seen is written at most this often, so a session check is normally a pure read.
pub const SESSION_TOUCH_EVERY: Duration = Duration::from_secs(60);
/// An account whose email was never verified is deleted after this long: it holds an
/// address (and maybe someone else's) that nobody proved.
pub const UNVERIFIED_ACCOUNT_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);
/// Audit rows are kept a year by default (`AUDIT_RETENTION_DAYS`).
pub const AUDIT_RETENTION: Duration = Duration::from_secs(365 * 24 * 3600);
