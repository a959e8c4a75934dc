//! The operator's brand: the product's name (page titles, the header, every email and SMS),
//! where to get help, the privacy and terms links, a footer line and the accent colours.
//!
//! Stored as one row, seeded from `LATCH_BRAND_*` on the first start and changed by an admin.
//! Each instance keeps the brand in memory and reads the stored version at most every
//! [`STALE_AFTER`] (the sweep asks every 2 seconds), so a change reaches every instance within
//! 5 seconds, without a restart.

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::admin::Admin;
use super::types::{FieldErrors, PasswordAttempt, is_invisible_format};
use super::{AuditKind, Auth, Error, RequestMeta, Result};
use crate::contact::Email;
use crate::i18n::Locale;
use crate::notify::templates::Voice;
use crate::store::BrandingRecord;

/// How long an instance shows a brand before asking the database whether it changed.
/// With the sweep asking every 2 seconds, a change shows within 5.
pub const STALE_AFTER: Duration = Duration::from_secs(3);

/// The name every message and page carries until an operator names their own.
pub const DEFAULT_NAME: &str = "Latch";

/// Long enough for "Example Corporation Sign-in", short enough for an SMS and a tab title.
pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_FOOTER_CHARS: usize = 200;
pub const MAX_URL_CHARS: usize = 500;

/// WCAG 2.1 AA for body text: what axe checks, so a brand can never make a page fail it.
pub const MIN_CONTRAST: f64 = 4.5;

/// The page backgrounds an accent is read on (`style/main.css`: `--card` and `--bg`), light
/// then dark, and the two texts a button may put on it (`--accent-text`).
const LIGHT_BACKGROUNDS: [Colour; 2] = [Colour(0xff, 0xff, 0xff), Colour(0xf5, 0xf6, 0xf8)];
const DARK_BACKGROUNDS: [Colour; 2] = [Colour(0x1d, 0x21, 0x28), Colour(0x14, 0x17, 0x1c)];
const BUTTON_TEXTS: [Colour; 2] = [Colour(0xff, 0xff, 0xff), Colour(0x0d, 0x12, 0x20)];

/// An sRGB colour, written `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour(u8, u8, u8);

impl Colour {
    /// `#rrggbb` or `#rgb`, any case.
    pub fn parse(raw: &str) -> Result<Colour, String> {
        let hex = raw
            .trim()
            .strip_prefix('#')
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let digits: Vec<u8> = match hex {
            Some(h) if h.len() == 6 => h
                .as_bytes()
                .chunks(2)
                .filter_map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
                .collect(),
            Some(h) if h.len() == 3 => h
                .chars()
                .filter_map(|c| u8::from_str_radix(&c.to_string(), 16).ok())
                .map(|d| d * 17)
                .collect(),
            _ => Vec::new(),
        };
        match digits[..] {
            [r, g, b] => Ok(Colour(r, g, b)),
            _ => Err("must be a colour like #2f5bd3".into()),
        }
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2.1 relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG 2.1 contrast ratio, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The button text that reads best on this colour.
    fn text_on(self) -> Colour {
        let [light, dark] = BUTTON_TEXTS;
        if self.contrast(light) >= self.contrast(dark) {
            light
        } else {
            dark
        }
    }

    /// Why links and buttons in this colour could not be read on `backgrounds`, if they could not.
    fn unreadable_on(self, backgrounds: &[Colour], scheme: &str) -> Option<String> {
        let page = backgrounds
            .iter()
            .map(|b| self.contrast(*b))
            .fold(f64::INFINITY, f64::min);
        let button = self.contrast(self.text_on());
        if page < MIN_CONTRAST {
            Some(format!(
                "is too close to the {scheme} page's background ({page:.2}:1; links need at least {MIN_CONTRAST}:1)"
            ))
        } else if button < MIN_CONTRAST {
            Some(format!(
                "leaves button text unreadable ({button:.2}:1; at least {MIN_CONTRAST}:1)"
            ))
        } else {
            None
        }
    }
}

/// The brand, parsed: what pages, emails and SMS show.
#[derive(Clone, Debug, PartialEq)]
pub struct Brand {
    pub name: String,
    pub support_url: Option<String>,
    pub support_email: Option<String>,
    pub privacy_url: Option<String>,
    pub terms_url: Option<String>,
    pub footer: Option<String>,
    /// Links and buttons in the light scheme, then the dark one; `None`: Latch's own.
    pub accent: Option<Colour>,
    pub accent_dark: Option<Colour>,
    /// Grows with every change; 0 for the built-in brand nobody stored.
    pub version: i64,
    pub updated_at: Option<DateTime<Utc>>,
    stylesheet: Option<Stylesheet>,
}

/// The accent colours as CSS custom properties, served from Latch (`style-src 'self'`) under
/// a name that changes with them, so browsers may keep it for a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stylesheet {
    /// `brand.<16 hex digits of its SHA-256>.css`.
    pub file: String,
    pub css: String,
}

impl Default for Brand {
    fn default() -> Self {
        Brand {
            name: DEFAULT_NAME.into(),
            support_url: None,
            support_email: None,
            privacy_url: None,
            terms_url: None,
            footer: None,
            accent: None,
            accent_dark: None,
            version: 0,
            updated_at: None,
            stylesheet: None,
        }
    }
}

impl Brand {
    /// The stylesheet with the accent colours, when any is set.
    pub fn stylesheet(&self) -> Option<&Stylesheet> {
        self.stylesheet.as_ref()
    }

    /// What pages show of it.
    pub fn view(&self) -> crate::model::BrandView {
        crate::model::BrandView {
            name: self.name.clone(),
            support_url: self.support_url.clone(),
            support_email: self.support_email.clone(),
            privacy_url: self.privacy_url.clone(),
            terms_url: self.terms_url.clone(),
            footer: self.footer.clone(),
            stylesheet: self
                .stylesheet
                .as_ref()
                .map(|s| format!("/branding/{}", s.file)),
        }
    }

    /// Who a message to someone with the saved language `locale` speaks for.
    pub fn voice(&self, locale: Option<&str>) -> Voice<'_> {
        Voice {
            locale: Locale::of(locale),
            product: &self.name,
        }
    }

    /// A stored brand. Its fields were checked when they were saved; one that no longer
    /// parses (edited by hand) falls back to Latch's own rather than break every page.
    fn from_record(record: BrandingRecord) -> Brand {
        let version = record.version;
        let updated_at = record.updated_at;
        let change = BrandChange {
            product_name: Some(record.product_name),
            support_url: record.support_url,
            support_email: record.support_email,
            privacy_url: record.privacy_url,
            terms_url: record.terms_url,
            footer: record.footer,
            accent: record.accent,
            accent_dark: record.accent_dark,
        };
        match change.parse() {
            Ok(mut brand) => {
                brand.version = version;
                brand.updated_at = Some(updated_at);
                brand
            }
            Err(errors) => {
                tracing::error!(
                    ?errors,
                    "the stored brand does not parse; showing Latch's own"
                );
                Brand {
                    version,
                    ..Brand::default()
                }
            }
        }
    }

    fn record(&self, now: DateTime<Utc>) -> BrandingRecord {
        BrandingRecord {
            product_name: self.name.clone(),
            support_url: self.support_url.clone(),
            support_email: self.support_email.clone(),
            privacy_url: self.privacy_url.clone(),
            terms_url: self.terms_url.clone(),
            footer: self.footer.clone(),
            accent: self.accent.map(Colour::hex),
            accent_dark: self.accent_dark.map(Colour::hex),
            version: self.version,
            updated_at: now,
        }
    }

    /// The names of the fields that differ from `other`, for the audit log.
    fn changed_fields(&self, other: &Brand) -> Vec<&'static str> {
        let pairs: [(&'static str, bool); 8] = [
            ("product_name", self.name != other.name),
            ("support_url", self.support_url != other.support_url),
            ("support_email", self.support_email != other.support_email),
            ("privacy_url", self.privacy_url != other.privacy_url),
            ("terms_url", self.terms_url != other.terms_url),
            ("footer", self.footer != other.footer),
            ("accent", self.accent != other.accent),
            ("accent_dark", self.accent_dark != other.accent_dark),
        ];
        pairs
            .into_iter()
            .filter(|(_, changed)| *changed)
            .map(|(name, _)| name)
            .collect()
    }
}

fn stylesheet(accent: Option<Colour>, accent_dark: Option<Colour>) -> Option<Stylesheet> {
    if accent.is_none() && accent_dark.is_none() {
        return None;
    }
    let mut css = String::new();
    if let Some(light) = accent {
        css.push_str(&format!(
            ":root {{ --accent: {}; --accent-text: {}; }}\n",
            light.hex(),
            light.text_on().hex()
        ));
    }
    if let Some(dark) = accent_dark {
        css.push_str(&format!(
            "@media (prefers-color-scheme: dark) {{ :root {{ --accent: {}; --accent-text: {}; }} }}\n",
            dark.hex(),
            dark.text_on().hex()
        ));
    }
    let digest = Sha256::digest(css.as_bytes());
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    Some(Stylesheet {
        file: format!("brand.{hash}.css"),
        css,
    })
}

/// A brand as typed into `/admin/branding` or sent to `PUT /api/v1/admin/branding`: every
/// field, a missing or empty one meaning "none" (the product's name is required).
#[derive(Clone, Debug, Default)]
pub struct BrandChange {
    pub product_name: Option<String>,
    pub support_url: Option<String>,
    pub support_email: Option<String>,
    pub privacy_url: Option<String>,
    pub terms_url: Option<String>,
    pub footer: Option<String>,
    pub accent: Option<String>,
    pub accent_dark: Option<String>,
}

/// A field's value, trimmed; `None` when it is missing or blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Text shown on pages and in messages: one line, no control or format characters (a bidi
/// override would turn what follows it around), at most `max` characters.
fn one_line(raw: &str, max: usize) -> Result<String, String> {
    if raw.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if raw
        .chars()
        .any(|c| c.is_control() || is_invisible_format(c))
    {
        return Err("must be one line of text".into());
    }
    Ok(raw.to_owned())
}

/// A link for the footer: `https`, or `http` to this machine (a local test set-up).
fn link(raw: &str) -> Result<String, String> {
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(format!("must be at most {MAX_URL_CHARS} characters"));
    }
    let url =
        url::Url::parse(raw).map_err(|_| "must be a full address like https://example.com/help")?;
    let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" if url.host_str().is_some() => Ok(url.to_string()),
        "http" if local => Ok(url.to_string()),
        _ => Err("must start with https://".into()),
    }
}

/// An accent colour that links and buttons can be read in on `backgrounds`.
fn readable(raw: &str, backgrounds: &[Colour], scheme: &str) -> Result<Colour, String> {
    let colour = Colour::parse(raw)?;
    match colour.unreadable_on(backgrounds, scheme) {
        Some(why) => Err(why),
        None => Ok(colour),
    }
}

impl BrandChange {
    /// Every field checked; all problems at once.
    pub fn parse(self) -> Result<Brand, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take(
            "product_name",
            given(&self.product_name)
                .ok_or_else(|| "is required".to_owned())
                .and_then(|raw| one_line(raw, MAX_NAME_CHARS)),
        );
        let mut optional =
            |field: &'static str,
             raw: &Option<String>,
             parse: &dyn Fn(&str) -> Result<String, String>| {
                given(raw).and_then(|raw| errors.take(field, parse(raw)))
            };
        let support_url = optional("support_url", &self.support_url, &link);
        let support_email = optional("support_email", &self.support_email, &|raw| {
            Email::parse(raw).map(|e| e.as_str().to_owned())
        });
        let privacy_url = optional("privacy_url", &self.privacy_url, &link);
        let terms_url = optional("terms_url", &self.terms_url, &link);
        let footer = optional("footer", &self.footer, &|raw| {
            one_line(raw, MAX_FOOTER_CHARS)
        });
        let accent = given(&self.accent)
            .and_then(|raw| errors.take("accent", readable(raw, &LIGHT_BACKGROUNDS, "light")));
        let accent_dark = given(&self.accent_dark)
            .and_then(|raw| errors.take("accent_dark", readable(raw, &DARK_BACKGROUNDS, "dark")));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Brand {
            name: name.unwrap_or_else(|| DEFAULT_NAME.into()),
            support_url,
            support_email,
            privacy_url,
            terms_url,
            footer,
            accent,
            accent_dark,
            version: 0,
            updated_at: None,
            stylesheet: stylesheet(accent, accent_dark),
        })
    }
}

/// This instance's copy of the brand, and when it last asked the database about it.
pub(crate) struct BrandCache {
    current: RwLock<Arc<Brand>>,
    checked: Mutex<Option<Instant>>,
}

impl Default for BrandCache {
    fn default() -> Self {
        BrandCache {
            current: RwLock::new(Arc::new(Brand::default())),
            checked: Mutex::new(None),
        }
    }
}

impl BrandCache {
    fn get(&self) -> Arc<Brand> {
        self.current
            .read()
            .map(|b| Arc::clone(&b))
            .unwrap_or_else(|poisoned| Arc::clone(&poisoned.into_inner()))
    }

    fn set(&self, brand: Brand) {
        let brand = Arc::new(brand);
        match self.current.write() {
            Ok(mut current) => *current = brand,
            Err(poisoned) => *poisoned.into_inner() = brand,
        }
    }

    /// Whether this request should ask the database: the last answer is older than
    /// [`STALE_AFTER`]. Claims the check, so one request asks while the rest go on.
    fn claim_check(&self) -> bool {
        let mut checked = match self.checked.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        let now = Instant::now();
        match *checked {
            Some(at) if now.duration_since(at) < STALE_AFTER => false,
            _ => {
                *checked = Some(now);
                true
            }
        }
    }
}

impl Auth {
    /// The brand, at most [`STALE_AFTER`] old. When the database cannot be asked, the brand
    /// this instance has goes on being shown.
    pub async fn brand(&self) -> Arc<Brand> {
        let brand = self.branding.get();
        if !self.branding.claim_check() {
            return brand;
        }
        match self.store.branding_version().await {
            Ok(Some(version)) if version == brand.version => brand,
            Ok(Some(_)) => self.reload_brand().await.unwrap_or(brand),
            Ok(None) => brand,
            Err(e) => {
                tracing::warn!(error = %e, "could not check the brand's version");
                brand
            }
        }
    }

    async fn reload_brand(&self) -> Option<Arc<Brand>> {
        match self.store.branding().await {
            Ok(Some(record)) => {
                self.branding.set(Brand::from_record(record));
                Some(self.branding.get())
            }
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, "could not load the brand");
                None
            }
        }
    }

    /// The brand as this instance has it, without asking the database: for messages, which
    /// are written in sync code. The sweep (`startup`) refreshes it every 2 seconds.
    pub(crate) fn brand_now(&self) -> Arc<Brand> {
        self.branding.get()
    }

    /// At start-up: stores `seed` (from `LATCH_BRAND_*`) unless a brand is stored, then
    /// loads the stored one.
    pub async fn load_brand(&self, seed: &Brand) -> Result<Arc<Brand>> {
        self.store
            .seed_branding(&seed.record(self.clock.now()))
            .await?;
        let record = self.store.branding().await?.ok_or(Error::NotFound)?;
        self.branding.set(Brand::from_record(record));
        Ok(self.branding.get())
    }

    /// An admin replaces the brand (a fresh login or the password, as for every admin
    /// change); audited `branding_changed` on the admin, naming the fields that changed.
    /// This instance shows it at once, the others within 5 seconds.
    pub async fn admin_set_brand(
        &self,
        admin: &Admin,
        change: BrandChange,
        password: Option<&PasswordAttempt>,
        meta: &RequestMeta,
    ) -> Result<Arc<Brand>> {
        let brand = change.parse().map_err(Error::Validation)?;
        self.check_fresh(admin, password).await?;
        let before = self.brand().await;
        let mut entry = self.admin_audit_entry(admin, admin.id, AuditKind::BrandingChanged, meta);
        entry.detail =
            Some(serde_json::json!({ "changed": brand.changed_fields(&before) }).to_string());
        let now = self.clock.now();
        let version = self.store.save_branding(&brand.record(now), &entry).await?;
        self.branding.set(Brand {
            version,
            updated_at: Some(now),
            ..brand
        });
        Ok(self.branding.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(name: &str) -> BrandChange {
        BrandChange {
            product_name: Some(name.into()),
            ..BrandChange::default()
        }
    }

    #[test]
    fn colours_parse_in_both_lengths_and_nothing_else() {
        assert_eq!(Colour::parse("#2F5BD3"), Ok(Colour(0x2f, 0x5b, 0xd3)));
        assert_eq!(Colour::parse(" #fff "), Ok(Colour(255, 255, 255)));
        for bad in ["2f5bd3", "#2f5bd", "#ggg", "red", "#2f5bd3ff", "", "#"] {
            assert!(Colour::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Colour(0x2f, 0x5b, 0xd3).hex(), "#2f5bd3");
    }

    #[test]
    fn contrast_is_wcag_s() {
        let white = Colour(255, 255, 255);
        let black = Colour(0, 0, 0);
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known 4.54:1 threshold grey.
        let grey = Colour::parse("#767676").unwrap();
        assert!((grey.contrast(white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn latch_s_own_accents_pass_its_own_rule() {
        let brand = BrandChange {
            accent: Some("#2f5bd3".into()),
            accent_dark: Some("#7ea2ff".into()),
            ..change("Acme")
        }
        .parse()
        .unwrap();
        let css = &brand.stylesheet().unwrap().css;
        assert!(
            css.contains("--accent: #2f5bd3; --accent-text: #ffffff;"),
            "{css}"
        );
        assert!(
            css.contains("--accent: #7ea2ff; --accent-text: #0d1220;"),
            "{css}"
        );
    }

    #[test]
    fn low_contrast_accents_are_refused_with_the_ratio() {
        let errors = BrandChange {
            accent: Some("#ffdd00".into()),
            accent_dark: Some("#202020".into()),
            ..change("Acme")
        }
        .parse()
        .unwrap_err();
        let json = serde_json::to_value(&errors).unwrap();
        assert!(json["accent"][0].as_str().unwrap().contains(":1"), "{json}");
        assert!(
            json["accent_dark"][0].as_str().unwrap().contains("dark"),
            "{json}"
        );
    }

    #[test]
    fn the_stylesheet_name_follows_its_colours() {
        let a = BrandChange {
            accent: Some("#2f5bd3".into()),
            ..change("A")
        }
        .parse()
        .unwrap();
        let b = BrandChange {
            accent: Some("#1d4ed8".into()),
            ..change("A")
        }
        .parse()
        .unwrap();
        let (a, b) = (a.stylesheet().unwrap(), b.stylesheet().unwrap());
        assert_ne!(a.file, b.file);
        assert!(a.file.starts_with("brand.") && a.file.ends_with(".css") && a.file.len() == 26);
        assert!(change("A").parse().unwrap().stylesheet().is_none());
    }

    #[test]
    fn fields_are_checked_all_at_once() {
        let errors = BrandChange {
            product_name: Some("Acme\u{202e}nimda".into()),
            support_url: Some("javascript:alert(1)".into()),
            support_email: Some("not an address".into()),
            privacy_url: Some("http://example.com/privacy".into()),
            terms_url: Some("https://example.com/terms".into()),
            footer: Some("two\nlines".into()),
            accent: Some("blue".into()),
            accent_dark: None,
        }
        .parse()
        .unwrap_err();
        let json = serde_json::to_value(&errors).unwrap();
        let fields: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(
            fields,
            [
                "accent",
                "footer",
                "privacy_url",
                "product_name",
                "support_email",
                "support_url"
            ]
        );
        assert!(change("").parse().is_err());
        assert!(change(&"x".repeat(MAX_NAME_CHARS + 1)).parse().is_err());
        assert!(change(&"é".repeat(MAX_NAME_CHARS)).parse().is_ok());
    }

    #[test]
    fn local_http_links_are_for_test_set_ups_only() {
        assert!(link("http://localhost:3000/help").is_ok());
        assert!(link("http://127.0.0.1/help").is_ok());
        assert!(link("http://example.com/help").is_err());
        assert!(link("https://example.com/help").is_ok());
        assert!(link("/help").is_err());
        assert!(link("data:text/html,hi").is_err());
    }

    #[test]
    fn the_audit_names_only_what_changed() {
        let before = change("Latch").parse().unwrap();
        let after = BrandChange {
            footer: Some("© Acme".into()),
            ..change("Acme")
        }
        .parse()
        .unwrap();
        assert_eq!(after.changed_fields(&before), ["product_name", "footer"]);
        assert!(before.changed_fields(&before).is_empty());
    }
}
