# Latch po polsku. Needs review: not yet checked by a native speaker.

## The header on every page
header-log-in = Zaloguj się
header-log-out = Wyloguj się
header-admin = Administracja

## The language picker at the foot of every page (shown when more than one is on)
language-label = Język
language-submit = Zmień

## Durations, for sentences that name one ("It works for { minutes }")
minutes = { $count ->
    [one] { $count } minuta
    [few] { $count } minuty
    [many] { $count } minut
   *[other] { $count } minuty
}

## Emails: the greeting ("there" when the name cannot be written)
email-hello = Dzień dobry { $name },
email-hello-anonymous = Dzień dobry,

## The email with the code that verifies an address
verification-subject = Twój kod weryfikacyjny Latch: { $code }
verification-body =
    Twój kod weryfikacyjny to { $code }

    Wpisz go na stronie weryfikacji, aby potwierdzić ten adres e-mail. Wygasa za { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    } i działa tylko raz.

    Jeśli nie zakładasz konta, zignoruj tę wiadomość: bez kodu nic się nie stanie.

## The email with a login code and the link that fills it in
login-code-subject = Twój kod logowania Latch: { $code }
login-code-body =
    Twój kod logowania to { $code }

    Wpisz go tam, gdzie o niego poproszono: działa tylko tam. W tej samej przeglądarce ten link wpisze go za Ciebie:

    { $link }

    Wygasa za { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    } i działa tylko raz. Nikt z Latch nigdy nie poprosi Cię o ten kod.

    Jeśli nie próbujesz się zalogować, zignoruj tę wiadomość: bez kodu nikt się nie zaloguje.

## The SMS with a login code: one segment (GSM-7, 160 characters; one character outside
## GSM-7 makes it 70), code first for notification previews
login-sms = Kod logowania Latch: { $code }. Ważny { $minutes ->
    [one] { $minutes } minutę
    [few] { $minutes } minuty
   *[many] { $minutes } minut
}. Nie podawaj go nikomu.
