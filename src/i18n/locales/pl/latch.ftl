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
