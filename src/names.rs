//! `string_enum!`: an enum whose variants each have one name as stored, sent or put in a URL.
//! The variant, its name, the parser and the list of all of them come from one line each, so
//! a new variant cannot be left out of any of them.

/// Declares the enum with `as_str`, `parse` and `ALL` (in declaration order):
///
/// ```ignore
/// string_enum! {
///     #[derive(Clone, Copy, Debug, PartialEq, Eq)]
///     pub enum Channel {
///         Email = "email",
///         Sms = "sms",
///     }
/// }
/// ```
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in the order declared.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The name as stored, sent or put in a URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            /// The name back; `None` for one this version does not know.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $( $text => Some($name::$variant), )+
                    _ => None,
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    string_enum! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Example {
            One = "one",
            /// A documented variant.
            TwoWords = "two-words",
        }
    }

    #[test]
    fn every_name_reads_back_as_its_variant_and_nothing_else_does() {
        assert_eq!(Example::ALL, [Example::One, Example::TwoWords]);
        for variant in Example::ALL {
            assert_eq!(Example::parse(variant.as_str()), Some(variant));
        }
        assert_eq!(Example::TwoWords.as_str(), "two-words");
        assert_eq!(Example::parse("One"), None);
        assert_eq!(Example::parse(""), None);
    }
}
