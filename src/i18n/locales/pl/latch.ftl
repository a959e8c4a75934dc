# Latch po polsku. Needs review: not yet checked by a native speaker.

## The header on every page
header-log-in = Zaloguj się
header-log-out = Wyloguj się
header-admin = Administracja

## The language picker at the foot of every page (shown when more than one is on)
language-label = Język
language-submit = Zmień

## The brand's links at the foot of every page (those the operator set)
footer-help = Pomoc
footer-contact = Kontakt
footer-privacy = Prywatność
footer-terms = Regulamin

## Pages: The words of every form
field-email = E-mail
field-phone = Telefon
field-phone-hint = Z numerem kierunkowym kraju, np. +48 601 234 567
field-password = Hasło
field-new-password = Nowe hasło
field-password-hint = Co najmniej 8 znaków; nie może to być popularne hasło
field-code = Kod
field-first-name = Imię
field-last-name = Nazwisko
field-identifier = E-mail lub telefon
field-recovery-code = Kod odzyskiwania
field-recovery-code-hint = Jeden z dziesięciu zapisanych kodów, np. abcde-fghjk; każdy działa raz
busy-checking = Sprawdzanie…
busy-sending = Wysyłanie…
busy-saving = Zapisywanie…
action-log-in = Zaloguj się
action-continue = Dalej
code-resend = Wyślij nowy kod
password-instead = Zaloguj się hasłem
code-title = Wpisz kod

## Pages: /login
login-title = Logowanie
login-reset-done = Hasło zostało zmienione. Zaloguj się nowym hasłem.
login-busy = Logowanie…
login-passkey = Zaloguj się kluczem dostępu
login-forgot = Nie pamiętasz hasła?
login-by-sms = Zaloguj się kodem z SMS-a
login-by-email = Wyślij mi kod e-mailem
login-new-here = Pierwszy raz tutaj?
login-create-account = Załóż konto

## Pages: /signup
signup-title = Załóż konto
signup-have-account = Masz już konto?
signup-submit = Załóż konto
signup-busy = Zakładanie konta…

## Pages: /verify-email
verify-done-title = Twój e-mail jest potwierdzony
verify-done = Dziękujemy. Adres { $email } jest potwierdzony, a konto gotowe.
verify-title = Potwierdź e-mail
verify-intro = Wysłaliśmy 6-cyfrowy kod na Twój adres e-mail. Działa przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    }.
verify-resent = Jeśli ten adres ma konto czekające na potwierdzenie, nowy kod jest już w drodze. Poprzedni kod przestał działać.
verify-submit = Potwierdź e-mail
verify-no-code = Brak kodu? Sprawdź folder ze spamem.

## Pages: /forgot-password and /reset-password
forgot-title = Nie pamiętasz hasła?
forgot-sent = Jeśli ten adres ma konto, link do ustawienia nowego hasła jest już w drodze. Działa raz, przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    }.
forgot-intro = Podaj adres e-mail, a wyślemy link do ustawienia nowego hasła.
forgot-back = Wróć do logowania
forgot-submit = Wyślij link
reset-title = Ustaw nowe hasło
reset-new-link = Poproś o nowy link
reset-submit = Ustaw hasło

## Pages: / and pages that are not there
home-title = Witaj
home-heading = Witaj w { $product }
home-intro = Jedno konto do aplikacji Twojej organizacji.
not-found-title = Nie znaleziono
not-found-heading = Nie ma takiej strony
not-found-text = Pod tym adresem nic nie ma.
not-found-home = Przejdź do strony głównej

## Pages: /login/otp
otp-title = Logowanie kodem
otp-intro = Wyślemy SMS-em 6-cyfrowy kod na Twój telefon.
otp-sent = Jeśli numer { $phone } należy do konta, 6-cyfrowy kod jest już w drodze. Działa przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    }.
otp-send = Wyślij kod
otp-no-code = Kod nie dotarł po minucie?
otp-other-number = Użyj innego numeru

## Pages: /login/email
email-login-title = Logowanie kodem z e-maila
email-login-intro = Wyślemy Ci e-mailem 6-cyfrowy kod.
email-login-sent = Jeśli adres { $email } należy do konta, 6-cyfrowy kod jest już w drodze. Działa przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    }, tylko w tej przeglądarce.
email-login-ask-again = Poproś o nowy
email-login-elsewhere-title = Użyj kodu tam, gdzie o niego poproszono
email-login-elsewhere = Kod logowania działa tylko w przeglądarce lub aplikacji, w której o niego poproszono. Wpisz tam 6-cyfrowy kod z e-maila.
email-login-here = Poproś o kod w tej przeglądarce
email-login-send = Wyślij mi kod

## Pages: /login/second-factor
second-factor-title = Wpisz kod z aplikacji uwierzytelniającej
second-factor-heading = Logowanie dwuetapowe
second-factor-intro = Wpisz 6-cyfrowy kod, który aplikacja uwierzytelniająca pokazuje dla { $product }.
second-factor-lost = Zgubiony telefon? Użyj kodu odzyskiwania
second-factor-restart = Zacznij od nowa

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

## The closing line of every notice of a change to the account
email-not-you = Jeśli to nie Ty, od razu zresetuj hasło i skontaktuj się z administratorem.

## The email with the code that verifies an address
verification-subject = Twój kod weryfikacyjny { $product }: { $code }
verification-body =
    Twój kod weryfikacyjny to { $code }

    Wpisz go na stronie weryfikacji, aby potwierdzić ten adres e-mail. Wygasa za { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    } i działa tylko raz.

    Jeśli nie zakładasz konta, zignoruj tę wiadomość: bez kodu nic się nie stanie.

## The email with a login code and the link that fills it in
login-code-subject = Twój kod logowania { $product }: { $code }
login-code-body =
    Twój kod logowania to { $code }

    Wpisz go tam, gdzie o niego poproszono: działa tylko tam. W tej samej przeglądarce ten link wpisze go za Ciebie:

    { $link }

    Wygasa za { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    } i działa tylko raz. Nikt z { $product } nigdy nie poprosi Cię o ten kod.

    Jeśli nie próbujesz się zalogować, zignoruj tę wiadomość: bez kodu nikt się nie zaloguje.

## The SMS with a login code: one segment (GSM-7, 160 characters; one character outside
## GSM-7 makes it 70), code first for notification previews
login-sms = Kod logowania { $product }: { $code }. Ważny { $minutes ->
    [one] { $minutes } minutę
    [few] { $minutes } minuty
   *[many] { $minutes } minut
}. Nie podawaj go nikomu.

## The code that proves an address typed at the end of a sign-up through another provider
sign-up-code-subject = Twój kod rejestracji { $product }: { $code }
sign-up-code-body =
    Twój kod to { $code }

    Wpisz go na stronie, na której zakładasz konto przez { $provider }: działa tylko tam. Wygasa za { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    }. Nikt z { $product } nigdy nie poprosi Cię o ten kod.

    Jeśli nie prosiłeś o niego, zignoruj tę wiadomość: bez kodu ten adres nie zostanie użyty.

## After a login code by email was the first proof of the address
email-proven-subject = Twój adres e-mail w { $product } jest potwierdzony
email-proven-body =
    Zalogowałeś się kodem wysłanym na ten adres: to pierwszy dowód, że należy do Ciebie. Konto założono bez tego dowodu, więc usunęliśmy jego hasło i numer telefonu oraz zakończyliśmy wszystkie inne sesje: ktoś, kto je ustawił, mógł nie być Tobą.

    Aby znów logować się hasłem, użyj „Nie pamiętasz hasła?” na stronie logowania; numer telefonu dodasz na stronie konta.

## The code that confirms a new email address
email-change-subject = Potwierdź nowy adres e-mail: { $code }
email-change-body =
    Aby ustawić ten adres e-mail w { $product }, użyj kodu potwierdzenia { $code }

    Wpisz go na stronie konta. Wygasa za { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    } i działa tylko raz. Do tego czasu używany jest stary adres.

    Jeśli o to nie prosiłeś, zignoruj tę wiadomość.

## To the old address, once the new one is confirmed
email-changed-subject = Adres e-mail Twojego konta { $product } został zmieniony
email-changed-body =
    Adres e-mail Twojego konta { $product } zmieniono na { $email }.

## To the owner of an address someone tried to move their own account to
email-in-use-subject = Ktoś próbował użyć Twojego adresu e-mail w { $product }
email-in-use-body =
    Ktoś zalogowany na inne konto { $product } chciał zmienić jego adres e-mail na ten. Ten adres należy do Twojego konta, więc nic się nie zmieniło i nie wysłano żadnego kodu.

    Jeśli to Ty, zaloguj się na konto z tym adresem. Jeśli nie, nic nie musisz robić.

## SMS about a change of phone number
phone-in-use-sms = Ktoś chciał dodać ten numer do innego konta { $product }. Numer zostaje przy Twoim; nic się nie zmieniło.
phone-change-sms = Kod potwierdzenia { $product }: { $code }. Dodaje ten numer do konta. Ważny { $minutes ->
    [one] { $minutes } minutę
    [few] { $minutes } minuty
   *[many] { $minutes } minut
}.

## The reset link
password-reset-subject = Zresetuj hasło do { $product }
password-reset-body =
    Ktoś (mamy nadzieję, że Ty) poprosił o zresetowanie hasła. Otwórz ten link, aby ustawić nowe:

    { $link }

    Działa raz, przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    }. Ponowna prośba unieważnia ten link.

    Jeśli o to nie prosiłeś, zignoruj tę wiadomość: hasło pozostanie bez zmian.

password-changed-subject = Hasło do { $product } zostało zmienione
password-changed-body = Hasło do Twojego konta { $product } właśnie zmieniono, a pozostałe sesje zostały wylogowane.

## Changes to how the account is protected
totp-enabled-subject = Do Twojego konta { $product } dodano aplikację uwierzytelniającą
totp-enabled-body = Do Twojego konta { $product } dodano aplikację uwierzytelniającą: logowanie wymaga teraz kodu z niej.
totp-disabled-subject = Z Twojego konta { $product } usunięto aplikację uwierzytelniającą
totp-disabled-body = Z Twojego konta { $product } usunięto aplikację uwierzytelniającą: logowanie nie wymaga już jej kodu.
passkey-added-subject = Do Twojego konta { $product } dodano klucz dostępu
passkey-added-body = Do Twojego konta { $product } dodano klucz dostępu: sam w sobie pozwala się zalogować.
passkey-removed-subject = Z Twojego konta { $product } usunięto klucz dostępu
passkey-removed-body = Z Twojego konta { $product } usunięto klucz dostępu: nie pozwala już się zalogować.
recovery-code-used-subject = Użyto kodu odzyskiwania Twojego konta { $product }
recovery-code-used-body = Jeden z Twoich kodów odzyskiwania właśnie posłużył do zalogowania na konto { $product }. Nie zadziała ponownie.

## Sign-in through another provider connected or disconnected
identity-linked-subject = Logowanie przez { $provider } połączono z Twoim kontem { $product }
identity-linked-body = Logowanie przez { $provider } prowadzi teraz do Twojego konta { $product }.
identity-unlinked-subject = Logowanie przez { $provider } odłączono od Twojego konta { $product }
identity-unlinked-body = Logowanie przez { $provider } nie prowadzi już do Twojego konta { $product }.
