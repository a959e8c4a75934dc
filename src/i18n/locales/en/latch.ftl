# Latch's words in English: the reference every other catalogue follows, message for message
# and variable for variable (src/i18n tests both).

## The header on every page
header-log-in = Log in
header-log-out = Log out
header-admin = Admin

## The language picker at the foot of every page (shown when more than one is on)
language-label = Language
language-submit = Change

## The brand's links at the foot of every page (those the operator set)
footer-help = Help
footer-contact = Contact
footer-privacy = Privacy
footer-terms = Terms

## Pages: The words of every form
field-email = Email
field-phone = Phone
field-phone-hint = With the country code, e.g. +1 201 555 0123
field-password = Password
field-new-password = New password
field-password-hint = At least 8 characters; not a common password
field-code = Code
field-first-name = First name
field-last-name = Last name
field-identifier = Email or phone
field-recovery-code = Recovery code
field-recovery-code-hint = One of the ten codes you saved, like abcde-fghjk; each works once
busy-checking = Checking…
busy-sending = Sending…
busy-saving = Saving…
action-log-in = Log in
action-continue = Continue
code-resend = Send a new code
password-instead = Log in with a password instead
code-title = Enter your code

## Pages: /login
login-title = Log in
login-reset-done = Your password was changed. Log in with the new one.
login-busy = Logging in…
login-passkey = Sign in with a passkey
login-forgot = Forgot your password?
login-by-sms = Log in with a code by SMS instead
login-by-email = Email me a code instead
login-new-here = New here?
login-create-account = Create an account

## Pages: /signup
signup-title = Create your account
signup-have-account = Already have an account?
signup-submit = Create account
signup-busy = Creating your account…

## Pages: /verify-email
verify-done-title = Your email is verified
verify-done = Thank you. { $email } is confirmed and your account is ready.
verify-title = Verify your email
verify-intro = We sent a 6-digit code to your email address. It works for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
verify-resent = If that address has an account waiting for verification, a new code is on its way. The previous code no longer works.
verify-submit = Verify email
verify-no-code = No code? Check your spam folder.

## Pages: /forgot-password and /reset-password
forgot-title = Forgot your password?
forgot-sent = If that address has an account, a link to choose a new password is on its way. It works once, for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
forgot-intro = Enter your email address and we will send you a link to choose a new password.
forgot-back = Back to log in
forgot-submit = Send reset link
reset-title = Choose a new password
reset-new-link = Ask for a new link
reset-submit = Set new password

## Pages: / and pages that are not there
home-title = Welcome
home-heading = Welcome to { $product }
home-intro = One account for the apps of your organisation.
not-found-title = Not found
not-found-heading = Page not found
not-found-text = There is nothing at this address.
not-found-home = Go to the start page

## Pages: /login/otp
otp-title = Log in with a code
otp-intro = We will text a 6-digit code to your phone.
otp-sent = If { $phone } belongs to an account, a 6-digit code is on its way. It works for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
otp-send = Send code
otp-no-code = No code after a minute?
otp-other-number = Use another number

## Pages: /login/email
email-login-title = Log in with an email code
email-login-intro = We will email a 6-digit code to you.
email-login-sent = If { $email } belongs to an account, a 6-digit code is on its way. It works for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }, in this browser only.
email-login-ask-again = Ask for a new one
email-login-elsewhere-title = Use the code where you asked for it
email-login-elsewhere = A login code works only in the browser or app where it was asked for. Type the 6-digit code from the email there.
email-login-here = Ask for a code in this browser instead
email-login-send = Email me a code

## Pages: /login/second-factor
second-factor-title = Enter your authenticator code
second-factor-heading = Two-step login
second-factor-intro = Enter the 6-digit code your authenticator app shows for { $product }.
second-factor-lost = Lost your phone? Use a recovery code
second-factor-restart = Start again

## Pages: the account pages
account-title = Your account
account-unavailable = Your account could not be loaded. Please reload the page.
menu-profile = Profile
menu-security = Sign-in and security
menu-sessions = Sessions and activity
menu-users = Users
menu-audit = Security log
menu-apps = Apps
menu-branding = Branding
done-profile = Your name was saved.
done-email-code-sent = We sent a code to the new address. Enter it below to make the change.
done-phone-code-sent = We sent a code by SMS. Enter it below to confirm the number.
done-email = Your email address was changed.
done-phone = Your phone number was changed.
done-phone-verified = Your phone number is verified.
done-password = Your password was changed. Your other sessions were logged out.
done-session = That session was logged out.
done-sessions = All your other sessions were logged out.
done-app = The app no longer has access to your account.
done-totp = Two-step login is on: logging in now also asks for a code from your app.
done-totp-off = Two-step login is off.
done-recovery-codes = Here are your new recovery codes. The old ones no longer work.
done-confirmed = Confirmed. For the next 10 minutes you can make changes.
done-totp-setup = Scan the code with your app, then enter the 6 digits it shows.
done-passkey = The passkey was added: you can log in with it now.
done-passkey-renamed = The passkey was renamed.
done-passkey-removed = The passkey was removed.
done-connected = Connected: it logs you in to this account now.
done-disconnected = Disconnected: it no longer logs you in.
done-password-link = We emailed you a link to set a password.
action-save-name = Save name
contact-verified = (verified)
contact-not-verified = (not verified)
contact-email-new = Email (new address)
contact-phone-new = Phone (new number)
contact-email-change = Change email
contact-phone-change = Change phone
contact-email-code = Code from the email
contact-phone-code = Code from the SMS
contact-email-confirm = Confirm email
contact-phone-confirm = Confirm phone
contact-pending = Waiting for confirmation: { $value }
contact-verify-phone = Verify this number
field-current-password = Current password
action-change-password = Change password
section-sessions = Sessions
section-apps = Apps with access
recovery-codes-title = Your recovery codes.
recovery-codes-save = Save them somewhere safe, like a password manager or on paper: each one logs you in once if you lose your phone. They are shown only now.
two-step-on = On: logging in asks for a code from your authenticator app. { $left } of 10 recovery codes left.
two-step-scan = Scan this code with your authenticator app (Google Authenticator, 1Password, Aegis, …), then enter the 6 digits it shows.
two-step-key = Or type this key into the app:
two-step-off = Off. With two-step login, a password or text-message login also needs a code from an app on your phone.
two-step-begin = Set up an authenticator app
two-step-code = Code from the app
two-step-enable = Turn on two-step login
two-step-new-codes = New recovery codes
two-step-disable = Turn off two-step login
passkeys-title = Passkeys
passkeys-intro = A passkey logs you in with your fingerprint, face or device PIN instead of a password and code.
passkeys-none = No passkeys yet.
passkeys-new-name = Name for the new passkey
passkeys-default-name = My passkey
passkeys-add = Add a passkey
used-last = last used { $time }
used-never = not used yet
passkeys-remove-label = Remove { $name }
passkeys-added = added
action-rename = Rename
passkeys-rename-field = New name
action-remove = Remove
sessions-log-out-label = Log out { $device } ({ $ip })
sessions-this-device = This device
unknown-address = unknown address
sessions-last-seen = last seen
apps-first-party = Run by this organisation
apps-remove-label = Remove access for { $name }
apps-remove = Remove access
sessions-log-out-others = Log out everywhere else
activity-title = Security activity
sign-in-methods-title = Sign-in methods
sign-in-methods-intro = Log in to this account with another service too.
sign-in-methods-none = None connected yet.
sign-in-methods-connect = Connect { $provider }
sign-in-methods-set-password = No password yet, or forgot it? Set one with a link to your email address.
sign-in-methods-disconnect-label = Disconnect { $provider }
sign-in-methods-connected = connected
action-disconnect = Disconnect
sign-in-methods-password-link = Email me a link to set a password
confirm-title = Confirm it's you
confirm-intro = You are about to see or change how you sign in. For the next 10 minutes you will not be asked again.
confirm-passkey = Use a passkey
confirm-or = Or:
confirm-password-intro = Enter your password to continue.
confirm-back = Back to your account
action-confirm = Confirm

## Devices, named from their user agents
device-unknown = Unknown device
device-other = A browser or app
device-other-on = A browser or app on { $system }
device-on = { $browser } on { $system }

## Pages: security activity: each kind of event
audit-registered = Account created
audit-email_verified = Email address verified
audit-login_succeeded = Logged in
audit-login_failed = Failed login attempt
audit-otp_sent = Login code sent by SMS
audit-session_revoked = Session logged out remotely
audit-password_reset_requested = Password reset requested
audit-password_changed = Password changed
audit-email_changed = Email address changed
audit-phone_changed = Phone number changed
audit-roles_changed = Roles changed
audit-account_disabled = Account disabled by an admin
audit-account_enabled = Account enabled by an admin
audit-sessions_ended = All sessions ended by an admin
audit-verification_resent = Verification email resent by an admin
audit-client_added = App registered for logins
audit-client_removed = App removed
audit-totp_enabled = Authenticator app added
audit-totp_disabled = Authenticator app removed
audit-recovery_code_used = Recovery code used
audit-passkey_added = Passkey added
audit-passkey_removed = Passkey removed
audit-passkey_suspect = Passkey refused: it may have been copied
audit-email_code_sent = Login code sent by email
audit-email_code_unknown = Login code asked for an address with no account
audit-email_proven = Email address proven for the first time; the earlier password and phone were removed
audit-identity_linked = Sign-in method connected
audit-identity_unlinked = Sign-in method disconnected
audit-branding_changed = Brand changed

## Pages: other identity providers
provider-continue = Continue with { $provider }
upstream-failed-identity-taken = That sign-in is already connected to another account.
upstream-failed-signup-closed = There is no account for that sign-in, and new accounts cannot be made with it.
upstream-failed-rate-limited = Too many sign-ins were started from here. Please wait a while and try again.
upstream-failed-other = That sign-in did not work. Please try again, or use another way in.
connect-title = Connect your account
connect-notice = An account with { $email } exists. Log in to it to connect { $provider }: from then on, { $provider } logs you in too.
connect-not-yours = Not yours?
connect-create-another = Create another account
complete-title = Finish creating your account
complete-intro = You are creating an account for { $email } with { $provider }.
complete-code-sent = We sent a 6-digit code to { $email }. It works for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }, in this browser only.
complete-wrong-address = Wrong address, or no code after a minute?
complete-unproven = { $provider } did not confirm an email address that { $product } can rely on. Which address should your account use? We will email it a code.
complete-busy = Creating…
nothing-waiting = This sign-in has expired or was finished already. Please start again.

## Pages: OpenID Connect: consent and logout
oauth-invalid-title = Cannot continue
oauth-invalid-heading = This sign-in link cannot be used
oauth-invalid-hint = Go back to the app and try again, or tell its developers.
oauth-not-from-app = This page is reached from an app's sign-in link.
oauth-allow-title = Allow { $client }?
oauth-allow-heading = Allow { $client } to use your account?
oauth-will-be-able = { $client } will be able to:
oauth-allow = Allow
oauth-deny = Deny
oauth-revoke-hint = You can take this back at any time under Apps with access on your account page.
oauth-logout-asks = { $client } asks to log you out of { $product }.
oauth-logout-asks-anonymous = An app asks to log you out of { $product }.
oauth-logout-title = Log out?
oauth-logout-heading = Log out of { $product }?
oauth-stay = Stay logged in
oauth-logged-out-title = Logged out
oauth-logged-out-heading = You are logged out
oauth-log-in-again = Log in again
scope-openid = Know who you are (an identifier that never changes)
scope-profile = See your first and last name
scope-email = See your email address
scope-phone = See your phone number
scope-roles = See your roles
scope-offline_access = Stay connected when you are not using it

## Pages: the admin area
admin-no-access-title = No access
admin-no-access = You do not have access to the admin area. Ask an admin to give you the admin role.
admin-no-such-user = There is no such user.
admin-invalid-title = Cannot show this
admin-unavailable = This page could not be loaded. Please reload it.
admin-back-to-users = Back to the users
admin-status-disabled = Disabled
admin-status-active = Active
admin-status-unverified = Email not verified
admin-log-by = by
admin-log-an-admin = an admin
admin-log-the-user = the user
admin-search = Search
admin-search-hint = The start of an email, phone number or name
admin-order = Order
admin-sort-newest = Newest first
admin-sort-oldest = Oldest first
admin-users-count = { $total ->
        [one] { $total } user
       *[other] { $total } users
    } · page { $page } of { $pages }
admin-col-name = Name
admin-col-status = Status
admin-roles = Roles
admin-pages = Pages
admin-previous-page = Previous page
admin-next-page = Next page
admin-done-roles = The roles were saved.
admin-action-disable = Disable account
admin-action-enable = Enable account
admin-action-end-sessions = End all sessions
admin-action-resend-verification = Resend verification email
admin-done-disable = The account is disabled and all its sessions ended.
admin-done-enable = The account is enabled.
admin-done-end-sessions = All sessions of this account ended.
admin-done-resend-verification = A new verification code is on its way.
admin-created = Created
admin-stale = You logged in more than 10 minutes ago: each change asks for your password.
admin-account = Account
admin-no-sessions = No live sessions.
admin-recent = Recent activity
admin-all-events = All of this user's events
admin-roles-hint = Separated by spaces, e.g. admin billing:write. Everyone has the role user.
admin-save-roles = Save roles
admin-user-id = User id
admin-kind = Kind
admin-every-kind = Every kind
admin-show = Show
admin-no-events = No events.
admin-newer = Newer events
admin-older = Older events
clients-removed = The app was removed; every token it held has stopped working.
clients-intro = Apps registered here send people to { $product } to log in (OpenID Connect). The discovery document is at { $path }.
clients-none = No apps yet.
clients-register-title = Register an app
clients-registered = The app was registered.
clients-id = Client ID:
clients-secret = Client secret:
clients-secret-once = Copy it now: it is not shown again.
clients-kind-public-first = Public, first-party
clients-kind-public = Public
clients-kind-confidential-first = Confidential, first-party
clients-kind-confidential = Confidential
clients-name = Name
clients-name-hint = What the consent page calls the app.
clients-redirect-uris = Redirect URIs
clients-redirect-uris-hint = Separated by spaces, exactly as the app sends them: https, or http on 127.0.0.1 or localhost.
clients-logout-uris = Logout redirect URIs
clients-logout-uris-hint = Optional; separated by spaces.
clients-public = Public (a browser or mobile app: no secret, PKCE instead)
clients-first-party = First-party (your own app: no consent page)
clients-id-token-alg = ID tokens signed with { $alg }
clients-register = Register app
clients-remove-label = Remove { $name }
branding-saved = The brand was saved: every page, email and SMS now carries it.
branding-intro = The product's name is in every page title, the header, and every email and SMS. The links and the footer line show at the foot of every page. Accent colours must keep links and buttons readable (a contrast of at least 4.5:1).
branding-name = Product name
branding-name-hint = Up to 40 characters.
branding-help = Help page
branding-link-hint = Optional; https://…
branding-support-email = Support email
branding-optional = Optional.
branding-privacy = Privacy policy
branding-terms = Terms of service
branding-footer = Footer line
branding-footer-hint = Optional; one line, up to 200 characters.
branding-accent = Accent colour
branding-accent-hint = Optional; like #2f5bd3. Links and buttons, light scheme.
branding-accent-dark = Accent colour, dark scheme
branding-accent-dark-hint = Optional; like #7ea2ff.
branding-save = Save brand

## A form's messages when a request fails: error-<the JSON API's error code>
error-validation-failed = Some fields are not right.
error-email-taken = This email address is already registered.
error-upstream-failed = That sign-in did not work. Please try again, or use another way in.
error-identity-taken = This sign-in is already connected to another account.
error-signup-closed = There is no account for this sign-in, and new accounts cannot be made with it.
error-phone-taken = This phone number is already registered.
error-invalid-code = That code is wrong or has expired. Check the latest email, or send a new code.
error-invalid-credentials = The email, phone or password is wrong.
error-email-not-verified = Please verify your email address first: we have sent you a new code.
error-unauthenticated = Please log in first.
error-not-found = That no longer exists.
error-forbidden = You do not have access to this.
error-last-admin = This would leave no admin: make someone else an admin first.
error-already-verified = This email address is verified already.
error-second-factor-required = First confirm it is you with a code from your authenticator app.
error-totp-already-enabled = An authenticator app is set up already.
error-totp-not-enabled = No authenticator app is set up.
error-totp-not-started = Start adding the authenticator app again.
error-passkeys-unavailable = Passkeys cannot be used at this address.
error-passkey-refused = The passkey was not accepted. Please try again.
error-too-many-passkeys = You have as many passkeys as you may have. Remove one first.
error-invalid-challenge = This login has expired or was already used. Please log in again.
error-reauthentication-required = Enter your current password to make this change.
error-invalid-token = This reset link is wrong, has expired or was already used. Ask for a new one.
error-rate-limited = Too many attempts. Please wait { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    } and try again.
error-busy = We are very busy right now. Please try again in a moment.
error-sms-unavailable = We cannot send text messages right now. Please try again later, or use your password.
error-unavailable = We cannot reach our database right now. Please try again in a moment.
error-internal-error = Something went wrong on our side. Please try again.
error-wrong-current-password = That is not your current password.
error-log-in-again = Please log in again.
error-sign-up-expired = This sign-up has expired. Start again from the sign-up page.
error-log-out-failed = Could not log you out. Please try again.
error-client-secret-lost = The app was registered, but its secret could not be shown. Remove it and try again.

## Durations, for sentences that name one ("It works for { minutes }")
minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}

## Emails: the greeting ("there" when the name cannot be written)
email-hello = Hello { $name },
email-hello-anonymous = Hello there,

## The closing line of every notice of a change to the account
email-not-you = If you did not do this, reset your password right away and contact your administrator.

## The email with the code that verifies an address
verification-subject = Your { $product } verification code: { $code }
verification-body =
    Your verification code is { $code }

    Enter it on the verification page to confirm this email address. It expires in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } and works once.

    If you did not sign up, ignore this email: nothing happens without the code.

## The email with a login code and the link that fills it in
login-code-subject = Your { $product } login code: { $code }
login-code-body =
    Your login code is { $code }

    Enter it where you asked for it: it works only there. In the same browser, this link fills it in:

    { $link }

    It expires in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } and works once. Nobody from { $product } will ever ask you for it.

    If you did not try to log in, ignore this email: nobody gets in without the code.

## The SMS with a login code: one segment (GSM-7, 160 characters; one character outside
## GSM-7 makes it 70), code first for notification previews
login-sms = Your { $product } login code is { $code }. It expires in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}. Never share it.

## The code that proves an address typed at the end of a sign-up through another provider
sign-up-code-subject = Your { $product } sign-up code: { $code }
sign-up-code-body =
    Your code is { $code }

    Enter it on the page where you are creating an account with { $provider }: it works only there. It expires in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Nobody from { $product } will ever ask you for it.

    If you did not ask for it, ignore this email: without the code, this address is not used.

## After a login code by email was the first proof of the address
email-proven-subject = Your { $product } email address is confirmed
email-proven-body =
    You logged in with a code sent to this address, the first proof that it is yours. The account had been set up without that proof, so its password and phone number were removed and every other session ended: whoever set them up may not have been you.

    To log in with a password again, use "Forgot your password?" on the login page; add your phone number on your account page.

## The code that confirms a new email address
email-change-subject = Confirm your new email address: { $code }
email-change-body =
    To make this your { $product } email address, your confirmation code is { $code }

    Enter it on your account page. It expires in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } and works once. Until then your old address stays in use.

    If you did not ask for this, ignore this email.

## To the old address, once the new one is confirmed
email-changed-subject = Your { $product } email address was changed
email-changed-body =
    The email address of your { $product } account was changed to { $email }.

## To the owner of an address someone tried to move their own account to
email-in-use-subject = Someone tried to use your email address on { $product }
email-in-use-body =
    Someone logged in to another { $product } account asked to change its email address to this one. This address belongs to your account, so nothing changed and no code was sent.

    If it was you, log in to the account that has this address instead. If not, you need not do anything.

## SMS about a change of phone number
phone-in-use-sms = Someone asked to add this number to another { $product } account. It stays with yours; nothing changed.
phone-change-sms = Your { $product } confirmation code is { $code }. It adds this number to your account and expires in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.

## The reset link
password-reset-subject = Reset your { $product } password
password-reset-body =
    Someone (we hope you) asked to reset your password. Open this link to choose a new one:

    { $link }

    It works once, for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Asking again makes this link stop working.

    If you did not ask, ignore this email: your password stays as it is.

password-changed-subject = Your { $product } password was changed
password-changed-body = The password of your { $product } account was just changed, and your other sessions were logged out.

## Changes to how the account is protected
totp-enabled-subject = An authenticator app was added to your { $product } account
totp-enabled-body = An authenticator app was added to your { $product } account: logging in now needs a code from it.
totp-disabled-subject = The authenticator app was removed from your { $product } account
totp-disabled-body = The authenticator app of your { $product } account was removed: logging in no longer asks for its code.
passkey-added-subject = A passkey was added to your { $product } account
passkey-added-body = A passkey was added to your { $product } account: it logs you in on its own.
passkey-removed-subject = A passkey was removed from your { $product } account
passkey-removed-body = A passkey was removed from your { $product } account: it no longer logs you in.
recovery-code-used-subject = A recovery code was used on your { $product } account
recovery-code-used-body = One of your recovery codes was just used to log in to your { $product } account. It does not work again.

## Sign-in through another provider connected or disconnected
identity-linked-subject = Sign-in with { $provider } was connected to your { $product } account
identity-linked-body = Signing in with { $provider } now logs you in to your { $product } account.
identity-unlinked-subject = Sign-in with { $provider } was disconnected from your { $product } account
identity-unlinked-body = Signing in with { $provider } no longer logs you in to your { $product } account.
