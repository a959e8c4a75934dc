# Latch بالعربية. Needs review: not yet checked by a native speaker.

## The header on every page
header-log-in = تسجيل الدخول
header-log-out = تسجيل الخروج
header-admin = الإدارة

## The language picker at the foot of every page (shown when more than one is on)
language-label = اللغة
language-submit = تغيير

## The brand's links at the foot of every page (those the operator set)
footer-help = المساعدة
footer-contact = اتصل بنا
footer-privacy = الخصوصية
footer-terms = الشروط

## Pages: The words of every form
field-email = البريد الإلكتروني
field-phone = الهاتف
field-phone-hint = مع رمز الدولة، مثل ‎+1 201 555 0123
field-password = كلمة المرور
field-new-password = كلمة المرور الجديدة
field-password-hint = 8 أحرف على الأقل، ولا تكون كلمة مرور شائعة
field-code = الرمز
field-first-name = الاسم الأول
field-last-name = اسم العائلة
field-identifier = البريد الإلكتروني أو الهاتف
field-recovery-code = رمز الاسترداد
field-recovery-code-hint = أحد الرموز العشرة التي حفظتها، مثل abcde-fghjk؛ يعمل كل منها مرة واحدة
busy-checking = جارٍ التحقق…
busy-sending = جارٍ الإرسال…
busy-saving = جارٍ الحفظ…
action-log-in = تسجيل الدخول
action-continue = متابعة
code-resend = أرسل رمزًا جديدًا
password-instead = سجّل الدخول بكلمة المرور بدلًا من ذلك
code-title = أدخل الرمز

## Pages: /login
login-title = تسجيل الدخول
login-reset-done = تم تغيير كلمة المرور. سجّل الدخول بالكلمة الجديدة.
login-busy = جارٍ تسجيل الدخول…
login-passkey = سجّل الدخول بمفتاح مرور
login-forgot = نسيت كلمة المرور؟
login-by-sms = سجّل الدخول برمز عبر رسالة نصية بدلًا من ذلك
login-by-email = أرسل لي رمزًا بالبريد الإلكتروني بدلًا من ذلك
login-new-here = جديد هنا؟
login-create-account = أنشئ حسابًا

## Pages: /signup
signup-title = أنشئ حسابك
signup-have-account = لديك حساب بالفعل؟
signup-submit = إنشاء الحساب
signup-busy = جارٍ إنشاء حسابك…

## Pages: /verify-email
verify-done-title = تم التحقق من بريدك الإلكتروني
verify-done = شكرًا لك. تم تأكيد { $email } وحسابك جاهز.
verify-title = تحقّق من بريدك الإلكتروني
verify-intro = أرسلنا رمزًا من 6 أرقام إلى بريدك الإلكتروني. يعمل لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }.
verify-resent = إذا كان لهذا العنوان حساب بانتظار التحقق، فرمز جديد في الطريق. الرمز السابق لم يعد يعمل.
verify-submit = تحقّق من البريد
verify-no-code = لم يصلك رمز؟ تحقّق من مجلد الرسائل غير المرغوب فيها.

## Pages: /forgot-password and /reset-password
forgot-title = نسيت كلمة المرور؟
forgot-sent = إذا كان لهذا العنوان حساب، فرابط لاختيار كلمة مرور جديدة في الطريق. يعمل مرة واحدة، لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }.
forgot-intro = أدخل بريدك الإلكتروني وسنرسل إليك رابطًا لاختيار كلمة مرور جديدة.
forgot-back = العودة إلى تسجيل الدخول
forgot-submit = أرسل رابط إعادة التعيين
reset-title = اختر كلمة مرور جديدة
reset-new-link = اطلب رابطًا جديدًا
reset-submit = تعيين كلمة المرور

## Pages: / and pages that are not there
home-title = مرحبًا
home-heading = مرحبًا بك في { $product }
home-intro = حساب واحد لتطبيقات مؤسستك.
not-found-title = غير موجود
not-found-heading = الصفحة غير موجودة
not-found-text = لا يوجد شيء في هذا العنوان.
not-found-home = انتقل إلى الصفحة الرئيسية

## Pages: /login/otp
otp-title = تسجيل الدخول برمز
otp-intro = سنرسل رمزًا من 6 أرقام إلى هاتفك في رسالة نصية.
otp-sent = إذا كان { $phone } تابعًا لحساب، فرمز من 6 أرقام في الطريق. يعمل لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }.
otp-send = أرسل الرمز
otp-no-code = لم يصل الرمز بعد دقيقة؟
otp-other-number = استخدم رقمًا آخر

## Pages: /login/email
email-login-title = تسجيل الدخول برمز عبر البريد الإلكتروني
email-login-intro = سنرسل إليك رمزًا من 6 أرقام بالبريد الإلكتروني.
email-login-sent = إذا كان { $email } تابعًا لحساب، فرمز من 6 أرقام في الطريق. يعمل لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }، في هذا المتصفح فقط.
email-login-ask-again = اطلب رمزًا جديدًا
email-login-elsewhere-title = استخدم الرمز حيث طلبته
email-login-elsewhere = يعمل رمز تسجيل الدخول فقط في المتصفح أو التطبيق الذي طُلب فيه. اكتب هناك الرمز المكوّن من 6 أرقام الوارد في الرسالة.
email-login-here = اطلب رمزًا في هذا المتصفح بدلًا من ذلك
email-login-send = أرسل لي رمزًا

## Pages: /login/second-factor
second-factor-title = أدخل رمز تطبيق المصادقة
second-factor-heading = تسجيل الدخول بخطوتين
second-factor-intro = أدخل الرمز المكوّن من 6 أرقام الذي يعرضه تطبيق المصادقة لـ { $product }.
second-factor-lost = فقدت هاتفك؟ استخدم رمز استرداد
second-factor-restart = ابدأ من جديد

## Pages: the account pages
account-title = حسابك
account-unavailable = تعذّر تحميل حسابك. يُرجى إعادة تحميل الصفحة.
menu-profile = الملف الشخصي
menu-security = تسجيل الدخول والأمان
menu-sessions = الجلسات والنشاط
menu-users = المستخدمون
menu-audit = سجل الأمان
menu-apps = التطبيقات
menu-branding = الهوية
done-profile = تم حفظ اسمك.
done-email-code-sent = أرسلنا رمزًا إلى العنوان الجديد. أدخله أدناه لإتمام التغيير.
done-phone-code-sent = أرسلنا رمزًا في رسالة نصية. أدخله أدناه لتأكيد الرقم.
done-email = تم تغيير بريدك الإلكتروني.
done-phone = تم تغيير رقم هاتفك.
done-phone-verified = تم التحقق من رقم هاتفك.
done-password = تم تغيير كلمة المرور. وسُجّل الخروج من جلساتك الأخرى.
done-session = سُجّل الخروج من تلك الجلسة.
done-sessions = سُجّل الخروج من كل جلساتك الأخرى.
done-app = لم يعد للتطبيق وصول إلى حسابك.
done-totp = تسجيل الدخول بخطوتين مفعّل: يطلب تسجيل الدخول الآن رمزًا من تطبيقك أيضًا.
done-totp-off = تسجيل الدخول بخطوتين متوقف.
done-recovery-codes = إليك رموز الاسترداد الجديدة. الرموز القديمة لم تعد تعمل.
done-confirmed = تم التأكيد. يمكنك إجراء التغييرات خلال الدقائق العشر القادمة.
done-totp-setup = امسح الرمز بتطبيقك، ثم أدخل الأرقام الستة التي يعرضها.
done-passkey = أُضيف مفتاح المرور: يمكنك تسجيل الدخول به الآن.
done-passkey-renamed = تمت إعادة تسمية مفتاح المرور.
done-passkey-removed = أُزيل مفتاح المرور.
done-connected = تم الربط: أصبح يُدخلك إلى هذا الحساب.
done-disconnected = تم الفصل: لم يعد يُدخلك.
done-password-link = أرسلنا إليك رابطًا لتعيين كلمة مرور.
action-save-name = حفظ الاسم
contact-verified = (تم التحقق)
contact-not-verified = (لم يتم التحقق)
contact-email-new = البريد الإلكتروني (العنوان الجديد)
contact-phone-new = الهاتف (الرقم الجديد)
contact-email-change = تغيير البريد الإلكتروني
contact-phone-change = تغيير الهاتف
contact-email-code = الرمز من البريد الإلكتروني
contact-phone-code = الرمز من الرسالة النصية
contact-email-confirm = تأكيد البريد الإلكتروني
contact-phone-confirm = تأكيد الهاتف
contact-pending = بانتظار التأكيد: { $value }
contact-verify-phone = تحقّق من هذا الرقم
field-current-password = كلمة المرور الحالية
action-change-password = تغيير كلمة المرور
section-sessions = الجلسات
section-apps = التطبيقات التي لديها وصول
recovery-codes-title = رموز الاسترداد الخاصة بك.
recovery-codes-save = احفظها في مكان آمن، مثل مدير كلمات المرور أو على الورق: كل رمز يُدخلك مرة واحدة إذا فقدت هاتفك. لن تظهر إلا الآن.
two-step-on = مفعّل: يطلب تسجيل الدخول رمزًا من تطبيق المصادقة. تبقّى { $left } من 10 رموز استرداد.
two-step-scan = امسح هذا الرمز بتطبيق المصادقة (Google Authenticator أو 1Password أو Aegis أو …)، ثم أدخل الأرقام الستة التي يعرضها.
two-step-key = أو اكتب هذا المفتاح في التطبيق:
two-step-off = متوقف. مع تسجيل الدخول بخطوتين، يحتاج تسجيل الدخول بكلمة المرور أو بالرسالة النصية أيضًا إلى رمز من تطبيق على هاتفك.
two-step-begin = إعداد تطبيق مصادقة
two-step-code = الرمز من التطبيق
two-step-enable = تفعيل تسجيل الدخول بخطوتين
two-step-new-codes = رموز استرداد جديدة
two-step-disable = إيقاف تسجيل الدخول بخطوتين
passkeys-title = مفاتيح المرور
passkeys-intro = يُدخلك مفتاح المرور ببصمة إصبعك أو وجهك أو رمز PIN للجهاز بدلًا من كلمة المرور والرمز.
passkeys-none = لا توجد مفاتيح مرور بعد.
passkeys-new-name = اسم مفتاح المرور الجديد
passkeys-default-name = مفتاح المرور الخاص بي
passkeys-add = أضف مفتاح مرور
used-last = آخر استخدام { $time }
used-never = لم يُستخدم بعد
passkeys-remove-label = إزالة { $name }
passkeys-added = أُضيف
action-rename = إعادة التسمية
passkeys-rename-field = الاسم الجديد
action-remove = إزالة
sessions-log-out-label = تسجيل الخروج من { $device } ({ $ip })
sessions-this-device = هذا الجهاز
unknown-address = عنوان غير معروف
sessions-last-seen = آخر ظهور
apps-first-party = تديره هذه المؤسسة
apps-remove-label = إلغاء وصول { $name }
apps-remove = إلغاء الوصول
sessions-log-out-others = تسجيل الخروج من كل مكان آخر
activity-title = نشاط الأمان
sign-in-methods-title = طرق تسجيل الدخول
sign-in-methods-intro = سجّل الدخول إلى هذا الحساب عبر خدمة أخرى أيضًا.
sign-in-methods-none = لا يوجد ربط بعد.
sign-in-methods-connect = ربط { $provider }
sign-in-methods-set-password = ليس لديك كلمة مرور أو نسيتها؟ عيّن واحدة عبر رابط إلى بريدك الإلكتروني.
sign-in-methods-disconnect-label = فصل { $provider }
sign-in-methods-connected = تم الربط
action-disconnect = فصل
sign-in-methods-password-link = أرسل لي رابطًا لتعيين كلمة مرور
confirm-title = أكّد أنه أنت
confirm-intro = أنت على وشك عرض طريقة تسجيل دخولك أو تغييرها. لن يُطلب منك ذلك مجددًا خلال الدقائق العشر القادمة.
confirm-passkey = استخدم مفتاح مرور
confirm-or = أو:
confirm-password-intro = أدخل كلمة المرور للمتابعة.
confirm-back = العودة إلى حسابك
action-confirm = تأكيد

## Devices, named from their user agents
device-unknown = جهاز غير معروف
device-other = متصفح أو تطبيق
device-other-on = متصفح أو تطبيق على { $system }
device-on = { $browser } على { $system }

## Pages: security activity: each kind of event
audit-registered = تم إنشاء الحساب
audit-email_verified = تم التحقق من البريد الإلكتروني
audit-login_succeeded = تسجيل دخول
audit-login_failed = محاولة تسجيل دخول فاشلة
audit-otp_sent = أُرسل رمز تسجيل الدخول برسالة نصية
audit-session_revoked = سُجّل الخروج من جلسة عن بُعد
audit-password_reset_requested = طُلبت إعادة تعيين كلمة المرور
audit-password_changed = تم تغيير كلمة المرور
audit-email_changed = تم تغيير البريد الإلكتروني
audit-phone_changed = تم تغيير رقم الهاتف
audit-roles_changed = تم تغيير الأدوار
audit-account_disabled = عطّل مسؤول الحساب
audit-account_enabled = فعّل مسؤول الحساب
audit-sessions_ended = أنهى مسؤول كل الجلسات
audit-verification_resent = أعاد مسؤول إرسال رسالة التحقق
audit-client_added = سُجّل تطبيق لتسجيل الدخول
audit-client_removed = أُزيل تطبيق
audit-totp_enabled = أُضيف تطبيق مصادقة
audit-totp_disabled = أُزيل تطبيق المصادقة
audit-recovery_code_used = استُخدم رمز استرداد
audit-passkey_added = أُضيف مفتاح مرور
audit-passkey_removed = أُزيل مفتاح مرور
audit-passkey_suspect = رُفض مفتاح مرور: ربما نُسخ
audit-email_code_sent = أُرسل رمز تسجيل الدخول بالبريد الإلكتروني
audit-email_code_unknown = طُلب رمز تسجيل دخول لعنوان بلا حساب
audit-email_proven = أُثبت البريد الإلكتروني لأول مرة؛ وأُزيلت كلمة المرور والهاتف السابقان
audit-identity_linked = رُبطت طريقة تسجيل دخول
audit-identity_unlinked = فُصلت طريقة تسجيل دخول
audit-branding_changed = تم تغيير الهوية

## Pages: other identity providers
provider-continue = المتابعة عبر { $provider }
upstream-failed-identity-taken = طريقة تسجيل الدخول هذه مرتبطة بحساب آخر بالفعل.
upstream-failed-signup-closed = لا يوجد حساب لطريقة تسجيل الدخول هذه، ولا يمكن إنشاء حسابات جديدة بها.
upstream-failed-rate-limited = بدأت محاولات تسجيل دخول كثيرة جدًا من هنا. يُرجى الانتظار قليلًا ثم المحاولة مجددًا.
upstream-failed-other = لم تنجح طريقة تسجيل الدخول هذه. حاول مجددًا أو استخدم طريقة أخرى.
connect-title = اربط حسابك
connect-notice = يوجد حساب بالعنوان { $email }. سجّل الدخول إليه لربط { $provider }: ومنذ ذلك الحين سيُدخلك { $provider } أيضًا.
connect-not-yours = ليس لك؟
connect-create-another = أنشئ حسابًا آخر
complete-title = أكمل إنشاء حسابك
complete-intro = أنت تنشئ حسابًا لـ { $email } عبر { $provider }.
complete-code-sent = أرسلنا رمزًا من 6 أرقام إلى { $email }. يعمل لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }، في هذا المتصفح فقط.
complete-wrong-address = عنوان خاطئ، أو لم يصل الرمز بعد دقيقة؟
complete-unproven = لم يؤكد { $provider } عنوان بريد إلكتروني يمكن لـ { $product } الاعتماد عليه. أي عنوان يجب أن يستخدمه حسابك؟ سنرسل إليه رمزًا.
complete-busy = جارٍ الإنشاء…
nothing-waiting = انتهت صلاحية طريقة تسجيل الدخول هذه أو اكتملت بالفعل. يُرجى البدء من جديد.

## Pages: OpenID Connect: consent and logout
oauth-invalid-title = تعذّرت المتابعة
oauth-invalid-heading = لا يمكن استخدام رابط تسجيل الدخول هذا
oauth-invalid-hint = عد إلى التطبيق وحاول مجددًا، أو أخبر مطوريه.
oauth-not-from-app = يُوصل إلى هذه الصفحة من رابط تسجيل الدخول في تطبيق.
oauth-allow-title = السماح لـ { $client }؟
oauth-allow-heading = هل تسمح لـ { $client } باستخدام حسابك؟
oauth-will-be-able = سيتمكن { $client } من:
oauth-allow = السماح
oauth-deny = الرفض
oauth-revoke-hint = يمكنك التراجع عن ذلك في أي وقت من قسم التطبيقات التي لديها وصول في صفحة حسابك.
oauth-logout-asks = يطلب { $client } تسجيل خروجك من { $product }.
oauth-logout-asks-anonymous = يطلب تطبيق تسجيل خروجك من { $product }.
oauth-logout-title = تسجيل الخروج؟
oauth-logout-heading = تسجيل الخروج من { $product }؟
oauth-stay = البقاء متصلًا
oauth-logged-out-title = تم تسجيل الخروج
oauth-logged-out-heading = لقد سجّلت الخروج
oauth-log-in-again = سجّل الدخول مجددًا
scope-openid = معرفة من أنت (معرّف لا يتغير أبدًا)
scope-profile = رؤية اسمك الأول واسم العائلة
scope-email = رؤية بريدك الإلكتروني
scope-phone = رؤية رقم هاتفك
scope-roles = رؤية أدوارك
scope-offline_access = البقاء متصلًا عندما لا تستخدمه

## Pages: the admin area
admin-no-access-title = لا يوجد وصول
admin-no-access = ليس لديك وصول إلى منطقة الإدارة. اطلب من مسؤول منحك دور admin.
admin-no-such-user = لا يوجد مستخدم كهذا.
admin-invalid-title = تعذّر عرض هذا
admin-unavailable = تعذّر تحميل هذه الصفحة. يُرجى إعادة تحميلها.
admin-back-to-users = العودة إلى المستخدمين
admin-status-disabled = معطّل
admin-status-active = نشط
admin-status-unverified = البريد الإلكتروني غير مُتحقق منه
admin-log-by = بواسطة
admin-log-an-admin = مسؤول
admin-log-the-user = المستخدم
admin-search = بحث
admin-search-hint = بداية بريد إلكتروني أو رقم هاتف أو اسم
admin-order = الترتيب
admin-sort-newest = الأحدث أولًا
admin-sort-oldest = الأقدم أولًا
admin-users-count = { $total ->
        [zero] لا مستخدمين
        [one] مستخدم واحد
        [two] مستخدمان
        [few] { $total } مستخدمين
        [many] { $total } مستخدمًا
       *[other] { $total } مستخدم
    } · الصفحة { $page } من { $pages }
admin-col-name = الاسم
admin-col-status = الحالة
admin-roles = الأدوار
admin-pages = الصفحات
admin-previous-page = الصفحة السابقة
admin-next-page = الصفحة التالية
admin-done-roles = تم حفظ الأدوار.
admin-action-disable = تعطيل الحساب
admin-action-enable = تفعيل الحساب
admin-action-end-sessions = إنهاء كل الجلسات
admin-action-resend-verification = إعادة إرسال رسالة التحقق
admin-done-disable = تم تعطيل الحساب وإنهاء كل جلساته.
admin-done-enable = تم تفعيل الحساب.
admin-done-end-sessions = انتهت كل جلسات هذا الحساب.
admin-done-resend-verification = رمز تحقق جديد في الطريق.
admin-created = تاريخ الإنشاء
admin-stale = سجّلت الدخول قبل أكثر من 10 دقائق: كل تغيير يطلب كلمة المرور.
admin-account = الحساب
admin-no-sessions = لا توجد جلسات نشطة.
admin-recent = النشاط الأخير
admin-all-events = كل أحداث هذا المستخدم
admin-roles-hint = مفصولة بمسافات، مثل admin billing:write. لكل شخص الدور user.
admin-save-roles = حفظ الأدوار
admin-user-id = معرّف المستخدم
admin-kind = النوع
admin-every-kind = كل الأنواع
admin-show = عرض
admin-no-events = لا توجد أحداث.
admin-newer = أحداث أحدث
admin-older = أحداث أقدم
clients-removed = أُزيل التطبيق؛ وتوقفت كل رموزه عن العمل.
clients-intro = التطبيقات المسجلة هنا ترسل الأشخاص إلى { $product } لتسجيل الدخول (OpenID Connect). مستند الاكتشاف في { $path }.
clients-none = لا توجد تطبيقات بعد.
clients-register-title = تسجيل تطبيق
clients-registered = تم تسجيل التطبيق.
clients-id = Client ID:
clients-secret = Client secret:
clients-secret-once = انسخه الآن: لن يظهر مرة أخرى.
clients-kind-public-first = عام، تابع لك
clients-kind-public = عام
clients-kind-confidential-first = سرّي، تابع لك
clients-kind-confidential = سرّي
clients-name = الاسم
clients-name-hint = ما تسمي به صفحة الموافقة التطبيق.
clients-redirect-uris = عناوين إعادة التوجيه
clients-redirect-uris-hint = مفصولة بمسافات، تمامًا كما يرسلها التطبيق: https، أو http على 127.0.0.1 أو localhost.
clients-logout-uris = عناوين إعادة التوجيه بعد الخروج
clients-logout-uris-hint = اختياري؛ مفصولة بمسافات.
clients-public = عام (تطبيق متصفح أو هاتف: بلا سر، بل PKCE)
clients-first-party = تابع لك (تطبيقك: بلا صفحة موافقة)
clients-id-token-alg = رموز الهوية موقّعة بـ { $alg }
clients-register = تسجيل التطبيق
clients-remove-label = إزالة { $name }
branding-saved = تم حفظ الهوية: تحملها الآن كل صفحة ورسالة بريد ورسالة نصية.
branding-intro = يظهر اسم المنتج في عنوان كل صفحة والترويسة وكل رسالة بريد ورسالة نصية. تظهر الروابط وسطر التذييل أسفل كل صفحة. يجب أن تُبقي ألوان التمييز الروابط والأزرار مقروءة (تباين 4.5:1 على الأقل).
branding-name = اسم المنتج
branding-name-hint = حتى 40 حرفًا.
branding-help = صفحة المساعدة
branding-link-hint = اختياري؛ https://…
branding-support-email = بريد الدعم
branding-optional = اختياري.
branding-privacy = سياسة الخصوصية
branding-terms = شروط الخدمة
branding-footer = سطر التذييل
branding-footer-hint = اختياري؛ سطر واحد، حتى 200 حرف.
branding-accent = لون التمييز
branding-accent-hint = اختياري؛ مثل #2f5bd3. للروابط والأزرار، المظهر الفاتح.
branding-accent-dark = لون التمييز، المظهر الداكن
branding-accent-dark-hint = اختياري؛ مثل #7ea2ff.
branding-save = حفظ الهوية

## A form's messages when a request fails: error-<the JSON API's error code>
error-validation-failed = بعض الحقول غير صحيحة.
error-email-taken = هذا البريد الإلكتروني مسجّل بالفعل.
error-upstream-failed = لم تنجح طريقة تسجيل الدخول هذه. حاول مجددًا أو استخدم طريقة أخرى.
error-identity-taken = طريقة تسجيل الدخول هذه مرتبطة بحساب آخر بالفعل.
error-signup-closed = لا يوجد حساب لطريقة تسجيل الدخول هذه، ولا يمكن إنشاء حسابات جديدة بها.
error-phone-taken = رقم الهاتف هذا مسجّل بالفعل.
error-invalid-code = الرمز خاطئ أو منتهي الصلاحية. تحقّق من أحدث رسالة أو أرسل رمزًا جديدًا.
error-invalid-credentials = البريد الإلكتروني أو الهاتف أو كلمة المرور غير صحيحة.
error-email-not-verified = يُرجى التحقق من بريدك الإلكتروني أولًا: أرسلنا إليك رمزًا جديدًا.
error-unauthenticated = يُرجى تسجيل الدخول أولًا.
error-not-found = لم يعد هذا موجودًا.
error-forbidden = ليس لديك وصول إلى هذا.
error-last-admin = لن يبقى أي مسؤول: اجعل شخصًا آخر مسؤولًا أولًا.
error-already-verified = تم التحقق من هذا البريد الإلكتروني بالفعل.
error-second-factor-required = أكّد أولًا أنه أنت برمز من تطبيق المصادقة.
error-totp-already-enabled = تطبيق المصادقة مُعدّ بالفعل.
error-totp-not-enabled = لا يوجد تطبيق مصادقة مُعدّ.
error-totp-not-started = ابدأ إضافة تطبيق المصادقة من جديد.
error-passkeys-unavailable = لا يمكن استخدام مفاتيح المرور على هذا العنوان.
error-passkey-refused = لم يُقبل مفتاح المرور. حاول مجددًا.
error-too-many-passkeys = لديك أقصى عدد مسموح من مفاتيح المرور. أزل واحدًا أولًا.
error-invalid-challenge = انتهت صلاحية تسجيل الدخول هذا أو استُخدم بالفعل. سجّل الدخول مجددًا.
error-reauthentication-required = أدخل كلمة المرور الحالية لإجراء هذا التغيير.
error-invalid-token = رابط إعادة التعيين هذا خاطئ أو منتهي الصلاحية أو مستخدم بالفعل. اطلب رابطًا جديدًا.
error-rate-limited = محاولات كثيرة جدًا. انتظر { $seconds ->
        [zero] { $seconds } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $seconds } ثوانٍ
        [many] { $seconds } ثانية
       *[other] { $seconds } ثانية
    } ثم حاول مجددًا.
error-busy = نحن مشغولون جدًا الآن. حاول مجددًا بعد لحظة.
error-sms-unavailable = لا يمكننا إرسال الرسائل النصية الآن. حاول لاحقًا أو استخدم كلمة المرور.
error-unavailable = لا يمكننا الوصول إلى قاعدة البيانات الآن. حاول مجددًا بعد لحظة.
error-internal-error = حدث خطأ من جهتنا. حاول مجددًا.
error-wrong-current-password = هذه ليست كلمة مرورك الحالية.
error-log-in-again = يُرجى تسجيل الدخول مجددًا.
error-sign-up-expired = انتهت صلاحية هذا التسجيل. ابدأ من جديد من صفحة التسجيل.
error-log-out-failed = تعذّر تسجيل خروجك. حاول مجددًا.
error-client-secret-lost = سُجّل التطبيق لكن تعذّر عرض سرّه. أزله وحاول مجددًا.

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

## The closing line of every notice of a change to the account
email-not-you = إذا لم تكن أنت من فعل ذلك، فأعد تعيين كلمة المرور فورًا وتواصل مع المسؤول.

## The email with the code that verifies an address
verification-subject = رمز التحقق الخاص بك في { $product }: { $code }
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
login-code-subject = رمز تسجيل الدخول الخاص بك في { $product }: { $code }
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
    } ويعمل مرة واحدة. لن يطلبه منك أحد من { $product } أبدًا.

    إذا لم تحاول تسجيل الدخول، فتجاهل هذه الرسالة: لا يدخل أحد بدون الرمز.

## The SMS with a login code: one segment (GSM-7, 160 characters; one character outside
## GSM-7 makes it 70), code first for notification previews
login-sms = رمز دخول { $product }: { $code }. صالح { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
}. لا تشاركه مع أحد.

## The code that proves an address typed at the end of a sign-up through another provider
sign-up-code-subject = رمز التسجيل الخاص بك في { $product }: { $code }
sign-up-code-body =
    رمزك هو { $code }

    أدخله في الصفحة التي تنشئ فيها حسابًا عبر { $provider }: فهو يعمل هناك فقط. تنتهي صلاحيته بعد { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }. لن يطلبه منك أحد من { $product } أبدًا.

    إذا لم تطلبه، فتجاهل هذه الرسالة: بدون الرمز لن يُستخدم هذا العنوان.

## After a login code by email was the first proof of the address
email-proven-subject = تم تأكيد عنوان بريدك الإلكتروني في { $product }
email-proven-body =
    سجّلت الدخول برمز أُرسل إلى هذا العنوان، وهو أول دليل على أنه لك. كان الحساب قد أُنشئ بدون هذا الدليل، لذا أُزيلت كلمة المرور ورقم الهاتف وأُنهيت كل الجلسات الأخرى: فمن أعدّها ربما لم يكن أنت.

    لتسجيل الدخول بكلمة مرور مجددًا، استخدم «نسيت كلمة المرور؟» في صفحة تسجيل الدخول؛ وأضف رقم هاتفك في صفحة حسابك.

## The code that confirms a new email address
email-change-subject = أكّد عنوان بريدك الإلكتروني الجديد: { $code }
email-change-body =
    لجعل هذا العنوان بريدك الإلكتروني في { $product }، رمز التأكيد هو { $code }

    أدخله في صفحة حسابك. تنتهي صلاحيته بعد { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    } ويعمل مرة واحدة. حتى ذلك الحين يبقى عنوانك القديم مستخدمًا.

    إذا لم تطلب ذلك، فتجاهل هذه الرسالة.

## To the old address, once the new one is confirmed
email-changed-subject = تم تغيير عنوان بريدك الإلكتروني في { $product }
email-changed-body =
    تم تغيير عنوان البريد الإلكتروني لحسابك في { $product } إلى { $email }.

## To the owner of an address someone tried to move their own account to
email-in-use-subject = حاول أحدهم استخدام عنوان بريدك الإلكتروني في { $product }
email-in-use-body =
    طلب شخص مسجّل الدخول إلى حساب آخر في { $product } تغيير بريده الإلكتروني إلى هذا العنوان. هذا العنوان يخص حسابك، لذا لم يتغير شيء ولم يُرسل أي رمز.

    إذا كنت أنت، فسجّل الدخول إلى الحساب الذي يحمل هذا العنوان. وإن لم تكن أنت، فلا داعي لفعل شيء.

## SMS about a change of phone number
phone-in-use-sms = طلب أحدهم إضافة هذا الرقم إلى حساب آخر في { $product }. يبقى الرقم لحسابك؛ لم يتغير شيء.
phone-change-sms = رمز تأكيد { $product }: { $code }. يضيف هذا الرقم إلى حسابك. صالح { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
}.

## The reset link
password-reset-subject = أعد تعيين كلمة المرور في { $product }
password-reset-body =
    طلب أحدهم (نأمل أن تكون أنت) إعادة تعيين كلمة المرور. افتح هذا الرابط لاختيار كلمة جديدة:

    { $link }

    يعمل مرة واحدة، لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }. الطلب مرة أخرى يوقف هذا الرابط.

    إذا لم تطلب ذلك، فتجاهل هذه الرسالة: تبقى كلمة المرور كما هي.

password-changed-subject = تم تغيير كلمة المرور في { $product }
password-changed-body = تم للتو تغيير كلمة مرور حسابك في { $product }، وسُجّل الخروج من جلساتك الأخرى.

## Changes to how the account is protected
totp-enabled-subject = أُضيف تطبيق مصادقة إلى حسابك في { $product }
totp-enabled-body = أُضيف تطبيق مصادقة إلى حسابك في { $product }: يتطلب تسجيل الدخول الآن رمزًا منه.
totp-disabled-subject = أُزيل تطبيق المصادقة من حسابك في { $product }
totp-disabled-body = أُزيل تطبيق المصادقة من حسابك في { $product }: لم يعد تسجيل الدخول يطلب رمزه.
passkey-added-subject = أُضيف مفتاح مرور إلى حسابك في { $product }
passkey-added-body = أُضيف مفتاح مرور إلى حسابك في { $product }: يكفي وحده لتسجيل دخولك.
passkey-removed-subject = أُزيل مفتاح مرور من حسابك في { $product }
passkey-removed-body = أُزيل مفتاح مرور من حسابك في { $product }: لم يعد يسجّل دخولك.
recovery-code-used-subject = استُخدم رمز استرداد في حسابك في { $product }
recovery-code-used-body = استُخدم للتو أحد رموز الاسترداد الخاصة بك لتسجيل الدخول إلى حسابك في { $product }. لن يعمل مرة أخرى.

## Sign-in through another provider connected or disconnected
identity-linked-subject = رُبط تسجيل الدخول عبر { $provider } بحسابك في { $product }
identity-linked-body = تسجيل الدخول عبر { $provider } يُدخلك الآن إلى حسابك في { $product }.
identity-unlinked-subject = فُصل تسجيل الدخول عبر { $provider } عن حسابك في { $product }
identity-unlinked-body = لم يعد تسجيل الدخول عبر { $provider } يُدخلك إلى حسابك في { $product }.
