# Latch's words in English: the reference every other catalogue follows, message for message
# and variable for variable (src/i18n tests both).

## The header on every page
header-log-in = Log in
header-log-out = Log out
header-admin = Admin

## The language picker at the foot of every page (shown when more than one is on)
language-label = Language
language-submit = Change

## Durations, for sentences that name one ("It works for { minutes }")
minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}

## Emails: the greeting ("there" when the name cannot be written)
email-hello = Hello { $name },
email-hello-anonymous = Hello there,

## The email with the code that verifies an address
verification-subject = Your Latch verification code: { $code }
verification-body =
    Your verification code is { $code }

    Enter it on the verification page to confirm this email address. It expires in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } and works once.

    If you did not sign up, ignore this email: nothing happens without the code.

## The email with a login code and the link that fills it in
login-code-subject = Your Latch login code: { $code }
login-code-body =
    Your login code is { $code }

    Enter it where you asked for it: it works only there. In the same browser, this link fills it in:

    { $link }

    It expires in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } and works once. Nobody from Latch will ever ask you for it.

    If you did not try to log in, ignore this email: nobody gets in without the code.

## The SMS with a login code: one segment (GSM-7, 160 characters; one character outside
## GSM-7 makes it 70), code first for notification previews
login-sms = Your Latch login code is { $code }. It expires in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}. Never share it.
