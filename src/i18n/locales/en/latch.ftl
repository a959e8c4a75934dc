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
