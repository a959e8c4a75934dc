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

## Pages: the account pages
account-title = Twoje konto
account-unavailable = Nie udało się wczytać konta. Odśwież stronę.
menu-profile = Profil
menu-security = Logowanie i bezpieczeństwo
menu-sessions = Sesje i aktywność
menu-users = Użytkownicy
menu-audit = Dziennik bezpieczeństwa
menu-apps = Aplikacje
menu-branding = Marka
done-profile = Zapisano imię i nazwisko.
done-email-code-sent = Wysłaliśmy kod na nowy adres. Wpisz go poniżej, aby dokonać zmiany.
done-phone-code-sent = Wysłaliśmy kod SMS-em. Wpisz go poniżej, aby potwierdzić numer.
done-email = Adres e-mail został zmieniony.
done-phone = Numer telefonu został zmieniony.
done-phone-verified = Numer telefonu jest potwierdzony.
done-password = Hasło zostało zmienione. Pozostałe sesje wylogowano.
done-session = Ta sesja została wylogowana.
done-sessions = Wszystkie pozostałe sesje wylogowano.
done-app = Aplikacja nie ma już dostępu do konta.
done-totp = Logowanie dwuetapowe jest włączone: logowanie wymaga teraz także kodu z aplikacji.
done-totp-off = Logowanie dwuetapowe jest wyłączone.
done-recovery-codes = Oto nowe kody odzyskiwania. Stare już nie działają.
done-confirmed = Potwierdzono. Przez następne 10 minut możesz wprowadzać zmiany.
done-totp-setup = Zeskanuj kod aplikacją, a potem wpisz 6 cyfr, które pokaże.
done-passkey = Dodano klucz dostępu: możesz się nim teraz logować.
done-passkey-renamed = Zmieniono nazwę klucza dostępu.
done-passkey-removed = Usunięto klucz dostępu.
done-connected = Połączono: teraz loguje do tego konta.
done-disconnected = Odłączono: już nie loguje do tego konta.
done-password-link = Wysłaliśmy e-mailem link do ustawienia hasła.
action-save-name = Zapisz
contact-verified = (potwierdzony)
contact-not-verified = (niepotwierdzony)
contact-email-new = E-mail (nowy adres)
contact-phone-new = Telefon (nowy numer)
contact-email-change = Zmień e-mail
contact-phone-change = Zmień telefon
contact-email-code = Kod z e-maila
contact-phone-code = Kod z SMS-a
contact-email-confirm = Potwierdź e-mail
contact-phone-confirm = Potwierdź telefon
contact-pending = Czeka na potwierdzenie: { $value }
contact-verify-phone = Potwierdź ten numer
field-current-password = Obecne hasło
action-change-password = Zmień hasło
section-sessions = Sesje
section-apps = Aplikacje z dostępem
recovery-codes-title = Twoje kody odzyskiwania.
recovery-codes-save = Zapisz je w bezpiecznym miejscu, np. w menedżerze haseł albo na papierze: każdy pozwala zalogować się raz, jeśli zgubisz telefon. Widać je tylko teraz.
two-step-on = Włączone: logowanie wymaga kodu z aplikacji uwierzytelniającej. Zostało { $left } z 10 kodów odzyskiwania.
two-step-scan = Zeskanuj ten kod aplikacją uwierzytelniającą (Google Authenticator, 1Password, Aegis, …), a potem wpisz 6 cyfr, które pokaże.
two-step-key = Albo wpisz ten klucz w aplikacji:
two-step-off = Wyłączone. Przy logowaniu dwuetapowym logowanie hasłem lub SMS-em wymaga też kodu z aplikacji w telefonie.
two-step-begin = Skonfiguruj aplikację uwierzytelniającą
two-step-code = Kod z aplikacji
two-step-enable = Włącz logowanie dwuetapowe
two-step-new-codes = Nowe kody odzyskiwania
two-step-disable = Wyłącz logowanie dwuetapowe
passkeys-title = Klucze dostępu
passkeys-intro = Klucz dostępu loguje odciskiem palca, twarzą lub PIN-em urządzenia zamiast hasła i kodu.
passkeys-none = Nie masz jeszcze kluczy dostępu.
passkeys-new-name = Nazwa nowego klucza dostępu
passkeys-default-name = Mój klucz dostępu
passkeys-add = Dodaj klucz dostępu
used-last = ostatnio użyty { $time }
used-never = jeszcze nieużyty
passkeys-remove-label = Usuń { $name }
passkeys-added = dodany
action-rename = Zmień nazwę
passkeys-rename-field = Nowa nazwa
action-remove = Usuń
sessions-log-out-label = Wyloguj { $device } ({ $ip })
sessions-this-device = To urządzenie
unknown-address = nieznany adres
sessions-last-seen = ostatnio widziana
apps-first-party = Prowadzona przez tę organizację
apps-remove-label = Odbierz dostęp aplikacji { $name }
apps-remove = Odbierz dostęp
sessions-log-out-others = Wyloguj wszędzie indziej
activity-title = Aktywność związana z bezpieczeństwem
sign-in-methods-title = Metody logowania
sign-in-methods-intro = Loguj się do tego konta także przez inną usługę.
sign-in-methods-none = Nic jeszcze nie połączono.
sign-in-methods-connect = Połącz z { $provider }
sign-in-methods-set-password = Nie masz hasła albo go nie pamiętasz? Ustaw je przez link wysłany na Twój adres e-mail.
sign-in-methods-disconnect-label = Odłącz { $provider }
sign-in-methods-connected = połączono
action-disconnect = Odłącz
sign-in-methods-password-link = Wyślij mi link do ustawienia hasła
confirm-title = Potwierdź, że to Ty
confirm-intro = Za chwilę zobaczysz lub zmienisz sposób logowania. Przez następne 10 minut nie zapytamy ponownie.
confirm-passkey = Użyj klucza dostępu
confirm-or = Albo:
confirm-password-intro = Wpisz hasło, aby kontynuować.
confirm-back = Wróć do konta
action-confirm = Potwierdź

## Devices, named from their user agents
device-unknown = Nieznane urządzenie
device-other = Przeglądarka lub aplikacja
device-other-on = Przeglądarka lub aplikacja w systemie { $system }
device-on = { $browser } w systemie { $system }

## Pages: security activity: each kind of event
audit-registered = Utworzono konto
audit-email_verified = Potwierdzono adres e-mail
audit-login_succeeded = Zalogowano
audit-login_failed = Nieudana próba logowania
audit-otp_sent = Wysłano kod logowania SMS-em
audit-session_revoked = Sesję wylogowano zdalnie
audit-password_reset_requested = Poproszono o reset hasła
audit-password_changed = Zmieniono hasło
audit-email_changed = Zmieniono adres e-mail
audit-phone_changed = Zmieniono numer telefonu
audit-roles_changed = Zmieniono role
audit-account_disabled = Administrator wyłączył konto
audit-account_enabled = Administrator włączył konto
audit-sessions_ended = Administrator zakończył wszystkie sesje
audit-verification_resent = Administrator ponownie wysłał e-mail weryfikacyjny
audit-client_added = Zarejestrowano aplikację do logowania
audit-client_removed = Usunięto aplikację
audit-totp_enabled = Dodano aplikację uwierzytelniającą
audit-totp_disabled = Usunięto aplikację uwierzytelniającą
audit-recovery_code_used = Użyto kodu odzyskiwania
audit-passkey_added = Dodano klucz dostępu
audit-passkey_removed = Usunięto klucz dostępu
audit-passkey_suspect = Odrzucono klucz dostępu: mógł zostać skopiowany
audit-email_code_sent = Wysłano kod logowania e-mailem
audit-email_code_unknown = Poproszono o kod logowania dla adresu bez konta
audit-email_proven = Pierwszy raz potwierdzono adres e-mail; wcześniejsze hasło i telefon usunięto
audit-identity_linked = Połączono metodę logowania
audit-identity_unlinked = Odłączono metodę logowania
audit-branding_changed = Zmieniono markę

## Pages: other identity providers
provider-continue = Kontynuuj przez { $provider }
upstream-failed-identity-taken = To logowanie jest już połączone z innym kontem.
upstream-failed-signup-closed = Nie ma konta dla tego logowania, a nowych kont nie można nim zakładać.
upstream-failed-rate-limited = Stąd rozpoczęto zbyt wiele logowań. Odczekaj chwilę i spróbuj ponownie.
upstream-failed-other = To logowanie się nie powiodło. Spróbuj ponownie albo zaloguj się inaczej.
connect-title = Połącz konto
connect-notice = Istnieje konto z adresem { $email }. Zaloguj się do niego, aby połączyć { $provider }: od tej chwili { $provider } też będzie Cię logować.
connect-not-yours = To nie Twoje?
connect-create-another = Załóż inne konto
complete-title = Dokończ zakładanie konta
complete-intro = Zakładasz konto dla { $email } przez { $provider }.
complete-code-sent = Wysłaliśmy 6-cyfrowy kod na { $email }. Działa przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[many] { $minutes } minut
    }, tylko w tej przeglądarce.
complete-wrong-address = Zły adres albo kod nie dotarł po minucie?
complete-unproven = { $provider } nie potwierdził adresu e-mail, na którym { $product } może polegać. Którego adresu ma używać konto? Wyślemy na niego kod.
complete-busy = Zakładanie…
nothing-waiting = To logowanie wygasło albo zostało już zakończone. Zacznij od nowa.

## Pages: OpenID Connect: consent and logout
oauth-invalid-title = Nie można kontynuować
oauth-invalid-heading = Tego linku logowania nie można użyć
oauth-invalid-hint = Wróć do aplikacji i spróbuj ponownie albo powiadom jej twórców.
oauth-not-from-app = Na tę stronę trafia się z linku logowania aplikacji.
oauth-allow-title = Zezwolić { $client }?
oauth-allow-heading = Zezwolić aplikacji { $client } na korzystanie z Twojego konta?
oauth-will-be-able = { $client } będzie mogła:
oauth-allow = Zezwól
oauth-deny = Odmów
oauth-revoke-hint = Możesz to cofnąć w każdej chwili w sekcji Aplikacje z dostępem na stronie konta.
oauth-logout-asks = { $client } prosi o wylogowanie Cię z { $product }.
oauth-logout-asks-anonymous = Aplikacja prosi o wylogowanie Cię z { $product }.
oauth-logout-title = Wylogować?
oauth-logout-heading = Wylogować z { $product }?
oauth-stay = Pozostań zalogowany
oauth-logged-out-title = Wylogowano
oauth-logged-out-heading = Wylogowano Cię
oauth-log-in-again = Zaloguj się ponownie
scope-openid = Wiedzieć, kim jesteś (identyfikator, który się nie zmienia)
scope-profile = Widzieć Twoje imię i nazwisko
scope-email = Widzieć Twój adres e-mail
scope-phone = Widzieć Twój numer telefonu
scope-roles = Widzieć Twoje role
scope-offline_access = Pozostawać połączona, gdy z niej nie korzystasz

## Pages: the admin area
admin-no-access-title = Brak dostępu
admin-no-access = Nie masz dostępu do panelu administracyjnego. Poproś administratora o rolę admin.
admin-no-such-user = Nie ma takiego użytkownika.
admin-invalid-title = Nie można tego pokazać
admin-unavailable = Nie udało się wczytać strony. Odśwież ją.
admin-back-to-users = Wróć do użytkowników
admin-status-disabled = Wyłączone
admin-status-active = Aktywne
admin-status-unverified = E-mail niepotwierdzony
admin-log-by = przez
admin-log-an-admin = administratora
admin-log-the-user = użytkownik
admin-search = Szukaj
admin-search-hint = Początek adresu e-mail, numeru telefonu lub nazwiska
admin-order = Kolejność
admin-sort-newest = Najnowsi najpierw
admin-sort-oldest = Najstarsi najpierw
admin-users-count = { $total ->
        [one] { $total } użytkownik
        [few] { $total } użytkowników
       *[many] { $total } użytkowników
    } · strona { $page } z { $pages }
admin-col-name = Imię i nazwisko
admin-col-status = Stan
admin-roles = Role
admin-pages = Strony
admin-previous-page = Poprzednia strona
admin-next-page = Następna strona
admin-done-roles = Zapisano role.
admin-action-disable = Wyłącz konto
admin-action-enable = Włącz konto
admin-action-end-sessions = Zakończ wszystkie sesje
admin-action-resend-verification = Wyślij ponownie e-mail weryfikacyjny
admin-done-disable = Konto jest wyłączone, a wszystkie jego sesje zakończone.
admin-done-enable = Konto jest włączone.
admin-done-end-sessions = Wszystkie sesje tego konta zakończono.
admin-done-resend-verification = Nowy kod weryfikacyjny jest już w drodze.
admin-created = Utworzono
admin-stale = Zalogowano ponad 10 minut temu: każda zmiana wymaga hasła.
admin-account = Konto
admin-no-sessions = Brak aktywnych sesji.
admin-recent = Ostatnia aktywność
admin-all-events = Wszystkie zdarzenia tego użytkownika
admin-roles-hint = Oddzielone spacjami, np. admin billing:write. Każdy ma rolę user.
admin-save-roles = Zapisz role
admin-user-id = Id użytkownika
admin-kind = Rodzaj
admin-every-kind = Każdy rodzaj
admin-show = Pokaż
admin-no-events = Brak zdarzeń.
admin-newer = Nowsze zdarzenia
admin-older = Starsze zdarzenia
clients-removed = Usunięto aplikację; wszystkie jej tokeny przestały działać.
clients-intro = Zarejestrowane tu aplikacje kierują ludzi do { $product }, by się zalogowali (OpenID Connect). Dokument discovery jest pod { $path }.
clients-none = Nie ma jeszcze aplikacji.
clients-register-title = Zarejestruj aplikację
clients-registered = Zarejestrowano aplikację.
clients-id = Client ID:
clients-secret = Client secret:
clients-secret-once = Skopiuj go teraz: nie zostanie pokazany ponownie.
clients-kind-public-first = Publiczna, własna
clients-kind-public = Publiczna
clients-kind-confidential-first = Poufna, własna
clients-kind-confidential = Poufna
clients-name = Nazwa
clients-name-hint = Jak strona zgody nazywa aplikację.
clients-redirect-uris = Adresy przekierowania
clients-redirect-uris-hint = Oddzielone spacjami, dokładnie tak, jak wysyła je aplikacja: https albo http na 127.0.0.1 lub localhost.
clients-logout-uris = Adresy przekierowania po wylogowaniu
clients-logout-uris-hint = Opcjonalne; oddzielone spacjami.
clients-public = Publiczna (aplikacja w przeglądarce lub mobilna: bez sekretu, zamiast niego PKCE)
clients-first-party = Własna (Twoja aplikacja: bez strony zgody)
clients-id-token-alg = Tokeny ID podpisywane { $alg }
clients-register = Zarejestruj
clients-remove-label = Usuń { $name }
branding-saved = Zapisano markę: każda strona, e-mail i SMS ją teraz nosi.
branding-intro = Nazwa produktu jest w tytule każdej strony, w nagłówku oraz w każdym e-mailu i SMS-ie. Linki i wiersz stopki widać u dołu każdej strony. Kolory akcentu muszą zostawić linki i przyciski czytelnymi (kontrast co najmniej 4,5:1).
branding-name = Nazwa produktu
branding-name-hint = Do 40 znaków.
branding-help = Strona pomocy
branding-link-hint = Opcjonalne; https://…
branding-support-email = E-mail wsparcia
branding-optional = Opcjonalne.
branding-privacy = Polityka prywatności
branding-terms = Regulamin
branding-footer = Wiersz stopki
branding-footer-hint = Opcjonalne; jeden wiersz, do 200 znaków.
branding-accent = Kolor akcentu
branding-accent-hint = Opcjonalne; np. #2f5bd3. Linki i przyciski, jasny motyw.
branding-accent-dark = Kolor akcentu, ciemny motyw
branding-accent-dark-hint = Opcjonalne; np. #7ea2ff.
branding-save = Zapisz markę

## A form's messages when a request fails: error-<the JSON API's error code>
error-validation-failed = Niektóre pola są niepoprawne.
error-email-taken = Ten adres e-mail jest już zarejestrowany.
error-upstream-failed = To logowanie się nie powiodło. Spróbuj ponownie albo zaloguj się inaczej.
error-identity-taken = To logowanie jest już połączone z innym kontem.
error-signup-closed = Nie ma konta dla tego logowania, a nowych kont nie można nim zakładać.
error-phone-taken = Ten numer telefonu jest już zarejestrowany.
error-invalid-code = Kod jest błędny albo wygasł. Sprawdź najnowszą wiadomość albo wyślij nowy kod.
error-invalid-credentials = E-mail, telefon lub hasło są błędne.
error-email-not-verified = Najpierw potwierdź adres e-mail: wysłaliśmy Ci nowy kod.
error-unauthenticated = Najpierw się zaloguj.
error-not-found = To już nie istnieje.
error-forbidden = Nie masz do tego dostępu.
error-last-admin = Nie zostałby żaden administrator: najpierw nadaj komuś rolę admin.
error-already-verified = Ten adres e-mail jest już potwierdzony.
error-second-factor-required = Najpierw potwierdź, że to Ty, kodem z aplikacji uwierzytelniającej.
error-totp-already-enabled = Aplikacja uwierzytelniająca jest już skonfigurowana.
error-totp-not-enabled = Nie skonfigurowano aplikacji uwierzytelniającej.
error-totp-not-started = Zacznij dodawać aplikację uwierzytelniającą od nowa.
error-passkeys-unavailable = Pod tym adresem nie można używać kluczy dostępu.
error-passkey-refused = Klucz dostępu nie został przyjęty. Spróbuj ponownie.
error-too-many-passkeys = Masz już tyle kluczy dostępu, ile można. Najpierw usuń jeden.
error-invalid-challenge = To logowanie wygasło albo zostało już użyte. Zaloguj się ponownie.
error-reauthentication-required = Wpisz obecne hasło, aby wprowadzić tę zmianę.
error-invalid-token = Ten link jest błędny, wygasł albo został już użyty. Poproś o nowy.
error-rate-limited = Zbyt wiele prób. Odczekaj { $seconds ->
        [one] { $seconds } sekundę
        [few] { $seconds } sekundy
       *[many] { $seconds } sekund
    } i spróbuj ponownie.
error-busy = Mamy teraz bardzo dużo pracy. Spróbuj ponownie za chwilę.
error-sms-unavailable = Nie możemy teraz wysyłać SMS-ów. Spróbuj później albo użyj hasła.
error-unavailable = Nie możemy teraz połączyć się z bazą danych. Spróbuj ponownie za chwilę.
error-internal-error = Coś poszło nie tak po naszej stronie. Spróbuj ponownie.
error-wrong-current-password = To nie jest Twoje obecne hasło.
error-log-in-again = Zaloguj się ponownie.
error-sign-up-expired = Ta rejestracja wygasła. Zacznij od nowa na stronie rejestracji.
error-log-out-failed = Nie udało się Cię wylogować. Spróbuj ponownie.
error-client-secret-lost = Aplikację zarejestrowano, ale nie udało się pokazać jej sekretu. Usuń ją i spróbuj ponownie.

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
