//! How many SMS segments a text takes, as a phone network counts them: GSM-7 when every
//! character is in its alphabet (160 septets alone, 153 a part when concatenated; the extension
//! characters `^{}\[~]|€` take two), else UCS-2 (70 UTF-16 units alone, 67 a part). One
//! character outside GSM-7 — a Polish `ó`, any Arabic, a bidi mark, a curly quote — turns the
//! whole text into UCS-2, which more than halves what fits.

/// GSM 03.38's basic alphabet.
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡\
ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// Its extension table: each costs an escape and the character.
const EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// The segments `text` is sent in.
pub fn segments(text: &str) -> usize {
    let septets: Option<usize> = text
        .chars()
        .map(|c| {
            if BASIC.contains(c) {
                Some(1)
            } else if EXTENSION.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (units, single, part) = match septets {
        Some(septets) => (septets, 160, 153),
        None => (text.encode_utf16().count(), 70, 67),
    };
    if units <= single {
        1
    } else {
        units.div_ceil(part)
    }
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn gsm_7_fits_160_then_153_a_part() {
        assert_eq!(segments(""), 1);
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"a".repeat(306)), 2);
        assert_eq!(segments(&"a".repeat(307)), 3);
        assert_eq!(segments(&"é".repeat(160)), 1, "é is in the basic alphabet");
    }

    #[test]
    fn extension_characters_take_two_septets() {
        assert_eq!(segments(&"€".repeat(80)), 1);
        assert_eq!(segments(&"€".repeat(81)), 2);
        assert_eq!(segments(&format!("{}{{", "a".repeat(159))), 2);
    }

    #[test]
    fn one_character_outside_gsm_7_makes_it_ucs_2() {
        assert_eq!(segments(&"a".repeat(70)), 1);
        assert_eq!(segments(&format!("{}ó", "a".repeat(69))), 1);
        assert_eq!(segments(&format!("{}ó", "a".repeat(70))), 2);
        assert_eq!(
            segments(&format!("{}\u{2068}", "a".repeat(70))),
            2,
            "a bidi mark"
        );
        assert_eq!(
            segments(&format!("{}’", "a".repeat(70))),
            2,
            "a curly quote"
        );
        assert_eq!(segments(&"ع".repeat(134)), 2);
        assert_eq!(segments(&"ع".repeat(135)), 3);
        // An emoji is two UTF-16 units.
        assert_eq!(segments(&"🙂".repeat(35)), 1);
        assert_eq!(segments(&"🙂".repeat(36)), 2);
    }
}
