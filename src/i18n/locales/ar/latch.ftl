# Latch بالعربية. Needs review: not yet checked by a native speaker.

## The header on every page
header-log-in = تسجيل الدخول
header-log-out = تسجيل الخروج
header-admin = الإدارة

## The language picker at the foot of every page (shown when more than one is on)
language-label = اللغة
language-submit = تغيير

## Durations, for sentences that name one ("It works for { minutes }")
minutes = { $count ->
    [zero] { $count } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $count } دقائق
    [many] { $count } دقيقة
   *[other] { $count } دقيقة
}
