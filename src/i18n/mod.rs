//! The languages of the hosted pages: which one a request gets ([`Enabled::negotiate`]), and
//! the catalogues that say things in it (Fluent, `src/i18n/locales/<tag>/latch.ftl`, built into
//! the server). Server side only: pages render on the server, and islands are handed finished
//! strings, so the browser's bundle carries no catalogue and is the same in every language.

mod negotiate;

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};

pub use negotiate::{Enabled, Sources, accepted};

static_loader! {
    static CATALOGUES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        // Fluent wraps each variable in bidi isolation marks; in plain text (an SMS, a code
        // copied from an email) they are invisible characters that break what is pasted.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The language of a request and the ones it could have had (the picker's choices): kept in
/// the request's extensions.
#[derive(Clone, Debug)]
pub struct RequestLanguage {
    pub locale: Locale,
    pub choices: Vec<Locale>,
}

/// A language Latch ships a catalogue for, or one of the two pseudo-languages of test builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    Pl,
    Ar,
    /// `en-XA`: English with every letter accented and each message in `⟦…⟧`, so text that
    /// skipped the catalogues stands out on a page. Debug (test) builds only.
    EnXa,
    /// `ar-XB`: the same, written right to left, for layouts.
    ArXb,
}

/// Marks around each message in a pseudo-language.
pub const PSEUDO_OPEN: char = '⟦';
pub const PSEUDO_CLOSE: char = '⟧';

impl Locale {
    pub const SHIPPED: [Locale; 3] = [Locale::En, Locale::Pl, Locale::Ar];
    pub const PSEUDO: [Locale; 2] = [Locale::EnXa, Locale::ArXb];

    /// The BCP 47 tag: `lang` attributes, the cookie, `LATCH_LOCALES`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Pl => "pl",
            Locale::Ar => "ar",
            Locale::EnXa => "en-XA",
            Locale::ArXb => "ar-XB",
        }
    }

    /// The language a tag names, by its primary subtag (`pl-PL` is `pl`), if Latch ships it.
    /// A tag of anything but letters, digits and hyphens names none.
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        // Test builds only: a release never serves untranslated marks.
        if cfg!(debug_assertions)
            && let Some(pseudo) = Locale::PSEUDO
                .into_iter()
                .find(|l| l.tag().eq_ignore_ascii_case(tag))
        {
            return Some(pseudo);
        }
        let primary = tag.split('-').next()?.to_ascii_lowercase();
        Locale::SHIPPED.into_iter().find(|l| l.tag() == primary)
    }

    /// A person's saved language, or English when they have none Latch ships.
    pub fn of(tag: Option<&str>) -> Locale {
        tag.and_then(Locale::parse).unwrap_or(Locale::En)
    }

    /// Writing direction, for `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Locale::Ar | Locale::ArXb => "rtl",
            Locale::En | Locale::Pl | Locale::EnXa => "ltr",
        }
    }

    /// The language's name in itself, for the picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Pl => "Polski",
            Locale::Ar => "العربية",
            Locale::EnXa => "Ëñgłíšh (pšéúðó)",
            Locale::ArXb => "Pseudo RTL",
        }
    }

    fn id(self) -> LanguageIdentifier {
        // The shipped tags are valid: `locales_parse` tests each one. A pseudo-language reads
        // English's catalogue.
        match self {
            Locale::EnXa | Locale::ArXb => Locale::En.id(),
            _ => self.tag().parse().unwrap_or_default(),
        }
    }

    fn is_pseudo(self) -> bool {
        Locale::PSEUDO.contains(&self)
    }

    /// The message `id` in this language (English where the catalogue lacks it).
    pub fn text(self, id: &str) -> String {
        self.text_with(id, &[])
    }

    /// The message `id`, if the catalogues have it.
    pub fn try_text(self, id: &str) -> Option<String> {
        english_ids().contains(id).then(|| self.text(id))
    }

    /// The message `id` with its variables (numbers pick their plural form).
    pub fn text_with(self, id: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        if self.is_pseudo() {
            return self.pseudo(id, args);
        }
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        CATALOGUES.lookup_with_args(&self.id(), id, &args)
    }

    /// English's message, its own words accented and marked, the values put in it (a code,
    /// a link, a name) left as they are.
    fn pseudo(self, id: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        // Each string value is held by a private-use placeholder while the words change.
        let mut values = Vec::new();
        let held: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    FluentValue::String(s) => {
                        values.push(s.to_string());
                        FluentValue::from(format!("\u{e000}{}\u{e001}", values.len() - 1))
                    }
                    other => other.clone(),
                };
                (Cow::Borrowed(*k), v)
            })
            .collect();
        let english = CATALOGUES.lookup_with_args(&Locale::En.id(), id, &held);
        let mut out = String::new();
        if self == Locale::ArXb {
            out.push('\u{202e}');
        }
        out.push(PSEUDO_OPEN);
        let mut chars = english.chars();
        while let Some(c) = chars.next() {
            if c == '\u{e000}' {
                let index: String = chars.by_ref().take_while(|&c| c != '\u{e001}').collect();
                if let Some(value) = index.parse::<usize>().ok().and_then(|i| values.get(i)) {
                    out.push_str(value);
                }
            } else {
                out.push(accented(c));
            }
        }
        out.push(PSEUDO_CLOSE);
        if self == Locale::ArXb {
            out.push('\u{202c}');
        }
        out
    }
}

/// The ids of English's messages, every other catalogue's too (a test holds them to it).
fn english_ids() -> &'static std::collections::HashSet<&'static str> {
    static IDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        include_str!("locales/en/latch.ftl")
            .lines()
            .filter(|line| !line.starts_with([' ', '#']))
            .filter_map(|line| line.split_once('=').map(|(id, _)| id.trim()))
            .collect()
    })
}

/// A letter with an accent on it, still readable: `Log in` becomes `Łóğ íñ`.
fn accented(c: char) -> char {
    const FROM: &str = "aceginorsuyzACEGILNORSUYZ";
    const TO: &str = "áçéğíñóřšúýžÁÇÉĞÍŁÑÓŘŠÚÝŽ";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// Each message of a catalogue: its id and the variables it uses.
    fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut messages = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in source.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(' ')
                && let Some((id, _)) = line.split_once('=')
            {
                current = Some(id.trim().to_owned());
                messages.insert(id.trim().to_owned(), BTreeSet::new());
            }
            if let Some(id) = &current {
                let vars = messages.entry(id.clone()).or_default();
                for piece in line.split('$').skip(1) {
                    let name: String = piece
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    vars.insert(name);
                }
            }
        }
        messages
    }

    fn catalogue(locale: Locale) -> String {
        let path = format!(
            "{}/src/i18n/locales/{}/latch.ftl",
            env!("CARGO_MANIFEST_DIR"),
            locale.tag()
        );
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn locales_parse() {
        for locale in Locale::SHIPPED {
            assert_eq!(
                locale
                    .tag()
                    .parse::<LanguageIdentifier>()
                    .unwrap()
                    .to_string(),
                locale.tag()
            );
            assert_eq!(Locale::parse(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::parse("PL-pl"), Some(Locale::Pl));
        assert_eq!(Locale::parse("de"), None);
        assert_eq!(Locale::parse("p l"), None);
        assert_eq!(Locale::parse(""), None);
    }

    #[test]
    fn every_catalogue_has_english_messages_with_their_variables() {
        let english = messages(&catalogue(Locale::En));
        assert!(english.len() >= 5, "{english:?}");
        for locale in Locale::SHIPPED {
            let theirs = messages(&catalogue(locale));
            assert_eq!(theirs, english, "{}", locale.tag());
            for (id, variables) in &english {
                let args: HashMap<&str, FluentValue<'_>> = variables
                    .iter()
                    .map(|v| (v.as_str(), FluentValue::from(1)))
                    .collect();
                assert!(
                    CATALOGUES
                        .lookup_single_language(&locale.id(), id, Some(&args))
                        .is_ok(),
                    "{} lacks {id}, or it does not parse",
                    locale.tag()
                );
            }
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        let minutes = |locale: Locale, n: i64| {
            locale.text_with("minutes", &[("count", FluentValue::from(n))])
        };
        let en: Vec<String> = [0, 1, 2, 5, 21, 22, 25]
            .iter()
            .map(|&n| minutes(Locale::En, n))
            .collect();
        assert_eq!(
            en,
            [
                "0 minutes",
                "1 minute",
                "2 minutes",
                "5 minutes",
                "21 minutes",
                "22 minutes",
                "25 minutes"
            ]
        );
        let pl: Vec<String> = [0, 1, 2, 5, 21, 22, 25]
            .iter()
            .map(|&n| minutes(Locale::Pl, n))
            .collect();
        assert_eq!(
            pl,
            [
                "0 minut",
                "1 minuta",
                "2 minuty",
                "5 minut",
                "21 minut",
                "22 minuty",
                "25 minut"
            ]
        );
        let ar: Vec<String> = [0, 1, 2, 5, 11, 100]
            .iter()
            .map(|&n| minutes(Locale::Ar, n))
            .collect();
        assert_eq!(
            ar,
            [
                "0 دقيقة",
                "دقيقة واحدة",
                "دقيقتان",
                "5 دقائق",
                "11 دقيقة",
                "100 دقيقة"
            ]
        );
    }

    #[test]
    fn variables_carry_no_invisible_marks() {
        let text = Locale::Ar.text_with("minutes", &[("count", FluentValue::from(5))]);
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
    }

    #[test]
    fn pseudo_languages_mark_every_word_but_not_the_values_in_them() {
        assert_eq!(Locale::parse("en-XA"), Some(Locale::EnXa));
        assert_eq!(Locale::parse("AR-xb"), Some(Locale::ArXb));
        assert_eq!(Locale::EnXa.text("header-log-in"), "⟦Łóğ íñ⟧");
        let sms = Locale::EnXa.text_with(
            "login-sms",
            &[
                ("product", "Acme".into()),
                ("code", "042133".into()),
                ("minutes", 5.into()),
            ],
        );
        assert!(sms.starts_with("⟦Ýóúř Acme lóğíñ çódé íš 042133."), "{sms}");
        assert!(
            sms.contains("5 míñútéš"),
            "plural forms still chosen: {sms}"
        );
        let rtl = Locale::ArXb.text("header-log-in");
        assert!(
            rtl.starts_with('\u{202e}') && rtl.contains("⟦Łóğ íñ⟧"),
            "{rtl:?}"
        );
        assert_eq!((Locale::ArXb.dir(), Locale::EnXa.dir()), ("rtl", "ltr"));
    }
}
