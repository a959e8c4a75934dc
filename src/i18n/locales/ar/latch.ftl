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

## Emails: the greeting ("there" when the name cannot be written)
email-hello = مرحبًا { $name }،
email-hello-anonymous = مرحبًا،

## The email with the code that verifies an address
verification-subject = رمز التحقق الخاص بك في Latch: { $code }
verification-body =
    رمز التحقق الخاص بك هو { $code }

    أدخله في صفحة التحقق لتأكيد عنوان البريد الإلكتروني هذا. تنتهي صلاحيته بعد { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    } ويعمل مرة واحدة.

    إذا لم تكن أنت من أنشأ الحساب، فتجاهل هذه الرسالة: لا يحدث شيء بدون الرمز.

## The email with a login code and the link that fills it in
login-code-subject = رمز تسجيل الدخول الخاص بك في Latch: { $code }
login-code-body =
    رمز تسجيل الدخول الخاص بك هو { $code }

    أدخله حيث طلبته: فهو يعمل هناك فقط. في المتصفح نفسه، يملؤه هذا الرابط نيابة عنك:

    { $link }

    تنتهي صلاحيته بعد { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    } ويعمل مرة واحدة. لن يطلبه منك أحد من Latch أبدًا.

    إذا لم تحاول تسجيل الدخول، فتجاهل هذه الرسالة: لا يدخل أحد بدون الرمز.

## The SMS with a login code: one segment (GSM-7, 160 characters; one character outside
## GSM-7 makes it 70), code first for notification previews
login-sms = رمز دخول Latch: { $code }. صالح { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
}. لا تشاركه مع أحد.
