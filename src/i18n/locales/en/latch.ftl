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
