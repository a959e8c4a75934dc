//! Which language a request gets, in Keycloak's order: what the request asks for (`?lang=`,
//! or an OpenID Connect `ui_locales`), then the `latch_lang` cookie the picker sets, then the
//! signed-in user's saved language, then the browser's `Accept-Language`, then the operator's
//! default. Only languages the operator turned on (`LATCH_LOCALES`) are ever chosen.

use super::Locale;

/// What a request says about its language, each source optional.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    /// `?lang=` or `ui_locales` (space-separated, in order of preference).
    pub asked: Option<&'a str>,
    pub cookie: Option<&'a str>,
    pub user: Option<&'a str>,
    pub accept_language: Option<&'a str>,
}

/// The operator's choice: the languages on, and the one for a request that names none of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enabled {
    pub locales: Vec<Locale>,
    pub default: Locale,
}

impl Default for Enabled {
    fn default() -> Self {
        Enabled {
            locales: vec![Locale::En],
            default: Locale::En,
        }
    }
}

impl Enabled {
    /// The first of `tags` that names a language that is on (`de-AT` finds `de`).
    fn first<'t>(&self, tags: impl IntoIterator<Item = &'t str>) -> Option<Locale> {
        tags.into_iter()
            .filter_map(Locale::parse)
            .find(|l| self.locales.contains(l))
    }

    pub fn negotiate(&self, sources: &Sources<'_>) -> Locale {
        let Sources {
            asked,
            cookie,
            user,
            accept_language,
        } = *sources;
        asked
            .and_then(|a| self.first(a.split_whitespace()))
            .or_else(|| cookie.and_then(|c| self.first([c])))
            .or_else(|| user.and_then(|u| self.first([u])))
            .or_else(|| accept_language.and_then(|h| self.first(accepted(h))))
            .unwrap_or(self.default)
    }
}

/// The most a header is read of; the rest is ignored (a browser sends a few dozen bytes).
const HEADER_LIMIT: usize = 1024;

/// The language tags of an `Accept-Language` header, best first: sorted by their `q` (stable,
/// so equal weights keep the header's order), `q=0` and malformed entries dropped, `*` kept
/// out (it names no language; the default answers it).
pub fn accepted(header: &str) -> Vec<&str> {
    let header = match header.char_indices().nth(HEADER_LIMIT) {
        Some((end, _)) => &header[..end],
        None => header,
    };
    let mut tags: Vec<(&str, u16)> = header
        .split(',')
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let tag = parts.next()?.trim();
            let mut weight = 1000;
            for param in parts {
                let (key, value) = param.split_once('=')?;
                if key.trim().eq_ignore_ascii_case("q") {
                    weight = quality(value.trim())?;
                }
            }
            let valid = !tag.is_empty()
                && tag != "*"
                && tag.len() <= 35
                && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            (valid && weight > 0).then_some((tag, weight))
        })
        .collect();
    tags.sort_by_key(|t| std::cmp::Reverse(t.1));
    tags.into_iter().map(|(tag, _)| tag).collect()
}

/// An RFC 9110 weight in thousandths: `0`, `1`, `0.5`, `0.125`, `1.000`; anything else is
/// malformed.
fn quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_on() -> Enabled {
        Enabled {
            locales: vec![Locale::En, Locale::Pl, Locale::Ar],
            default: Locale::En,
        }
    }

    fn header(h: &str) -> Locale {
        all_on().negotiate(&Sources {
            accept_language: Some(h),
            ..Sources::default()
        })
    }

    #[test]
    fn the_highest_weight_wins_whatever_the_order() {
        assert_eq!(header("en;q=0.5, pl;q=0.9"), Locale::Pl);
        assert_eq!(header("pl;q=0.1, ar;q=0.2, en;q=0.15"), Locale::Ar);
        assert_eq!(header("ar, pl;q=0.9"), Locale::Ar);
        assert_eq!(header("de, pl;q=0.9, ar;q=0.8"), Locale::Pl);
    }

    #[test]
    fn equal_weights_keep_the_header_order() {
        assert_eq!(header("pl, ar"), Locale::Pl);
        assert_eq!(header("ar;q=0.7, pl;q=0.7"), Locale::Ar);
    }

    #[test]
    fn a_region_finds_its_language() {
        assert_eq!(header("pl-PL"), Locale::Pl);
        assert_eq!(header("ar-EG,en;q=0.5"), Locale::Ar);
        assert_eq!(header("de-AT, en-GB;q=0.8"), Locale::En);
        assert_eq!(header("PL"), Locale::Pl);
    }

    #[test]
    fn nothing_usable_gets_the_default() {
        let on = Enabled {
            locales: vec![Locale::En, Locale::Pl],
            default: Locale::Pl,
        };
        for h in [
            "",
            "*",
            "de",
            "de;q=1, fr",
            "en;q=0",
            "xx-YY",
            ";;;",
            "q=1",
            ",",
        ] {
            let got = on.negotiate(&Sources {
                accept_language: Some(h),
                ..Sources::default()
            });
            assert_eq!(got, Locale::Pl, "{h:?}");
        }
        assert_eq!(on.negotiate(&Sources::default()), Locale::Pl);
    }

    #[test]
    fn malformed_weights_drop_their_entry_only() {
        assert_eq!(header("ar;q=2, pl"), Locale::Pl);
        assert_eq!(header("ar;q=abc, pl;q=0.5"), Locale::Pl);
        assert_eq!(header("ar;q=0.1234, pl;q=0.001"), Locale::Pl);
        assert_eq!(header("ar;q=1.5, en;q=0.2"), Locale::En);
        assert_eq!(header("ar;q=, pl"), Locale::Pl);
        assert_eq!(header("ar;q=1.000, pl"), Locale::Ar);
        assert_eq!(header("ar;q=0., pl;q=0.5"), Locale::Pl);
    }

    #[test]
    fn a_zero_weight_refuses_the_language() {
        assert_eq!(header("ar;q=0, pl;q=0.1"), Locale::Pl);
        assert_eq!(header("pl;q=0.000"), Locale::En);
    }

    #[test]
    fn an_8_kb_header_is_read_no_further_than_its_start() {
        let long = format!("pl;q=0.5,{}", "de;q=0.9,".repeat(1000));
        assert!(long.len() > 8000);
        assert_eq!(header(&long), Locale::Pl);
        let late = format!("{}ar", "de;q=0.9,".repeat(1000));
        assert_eq!(header(&late), Locale::En, "beyond the first kilobyte");
    }

    #[test]
    fn odd_bytes_name_no_language() {
        assert_eq!(header("p\u{301}l, ar;q=0.1"), Locale::Ar);
        assert_eq!(header("pl_PL, ar;q=0.1"), Locale::Ar);
        assert_eq!(header("\u{202e}pl"), Locale::En);
    }

    #[test]
    fn the_order_of_the_sources() {
        let on = all_on();
        let every = Sources {
            asked: Some("ar"),
            cookie: Some("pl"),
            user: Some("en"),
            accept_language: Some("pl"),
        };
        assert_eq!(
            on.negotiate(&every),
            Locale::Ar,
            "what the request asks first"
        );
        let cookie = Sources {
            asked: None,
            ..every
        };
        assert_eq!(
            on.negotiate(&cookie),
            Locale::Pl,
            "the cookie over the user"
        );
        let user = Sources {
            cookie: None,
            ..cookie
        };
        assert_eq!(on.negotiate(&user), Locale::En, "the user over the header");
        let header_only = Sources { user: None, ..user };
        assert_eq!(on.negotiate(&header_only), Locale::Pl);
    }

    #[test]
    fn ui_locales_takes_the_first_language_that_is_on() {
        let asked = |a| {
            all_on().negotiate(&Sources {
                asked: Some(a),
                cookie: Some("en"),
                ..Sources::default()
            })
        };
        assert_eq!(asked("de fr pl ar"), Locale::Pl);
        assert_eq!(asked("ar-EG"), Locale::Ar);
        assert_eq!(asked("de fr"), Locale::En, "none on: the next source");
        assert_eq!(asked(""), Locale::En);
    }

    #[test]
    fn a_language_turned_off_is_never_chosen() {
        let on = Enabled {
            locales: vec![Locale::En, Locale::Pl],
            default: Locale::En,
        };
        let sources = Sources {
            asked: Some("ar"),
            cookie: Some("ar"),
            user: Some("ar"),
            accept_language: Some("ar, pl;q=0.5"),
        };
        assert_eq!(on.negotiate(&sources), Locale::Pl);
        let only_arabic = Sources {
            accept_language: Some("ar"),
            ..sources
        };
        assert_eq!(on.negotiate(&only_arabic), Locale::En);
    }

    #[test]
    fn a_stale_or_forged_cookie_is_passed_over() {
        let on = all_on();
        for cookie in [
            "xx",
            "",
            "en-US-x-evil-and-long-long-long-long",
            "../../etc",
        ] {
            let got = on.negotiate(&Sources {
                cookie: Some(cookie),
                accept_language: Some("pl"),
                ..Sources::default()
            });
            let expected = if cookie.starts_with("en") {
                Locale::En
            } else {
                Locale::Pl
            };
            assert_eq!(got, expected, "{cookie:?}");
        }
    }
}
