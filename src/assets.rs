//! Content-hashed asset names. A release build by cargo-leptos (`hash-files = true`) renames
//! `pkg/latch.{js,wasm,css}` to `latch.<hash>.<ext>` and writes the hashes to `hash.txt` next to
//! the server binary; hashed names can be cached for a year, since a new build means new names.

use std::collections::HashMap;
use std::sync::OnceLock;

fn hashes() -> &'static HashMap<String, String> {
    static HASHES: OnceLock<HashMap<String, String>> = OnceLock::new();
    HASHES.get_or_init(|| {
        let path = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")));
        let text = path
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        text.lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(kind, hash)| (kind.trim().to_owned(), hash.trim().to_owned()))
            .collect()
    })
}

/// The hash of the built asset of this kind (`js`, `wasm`, `css`), if the build hashed them.
pub fn hashed(kind: &str) -> Option<&'static str> {
    hashes().get(kind).map(String::as_str)
}

/// The login page's own browser bundle, when the build made one: its JS and WASM names without
/// extension, and the islands it holds.
pub fn login_bundle() -> Option<(String, String, Vec<&'static str>)> {
    let js = hashed("login.js")?;
    let wasm = hashed("login.wasm")?;
    let islands = hashed("login.islands")?.split(',').map(str::trim).collect();
    Some((format!("login.{js}"), format!("login.{wasm}"), islands))
}

/// Whether this build names its assets by content hash.
pub fn enabled() -> bool {
    hashed("js").is_some() && hashed("wasm").is_some()
}

/// `/pkg/latch.<hash>.<ext>`: a name that changes whenever the content does.
pub fn is_hashed_name(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/pkg/") else {
        return false;
    };
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 3 && parts[1].len() >= 16 && !name.contains('/')
}

/// A path the fallback answers from a file, or would if it existed: the bundle under `/pkg/`,
/// or any name with an extension (`/favicon.svg`).
pub fn is_file_path(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_hashed_names_count() {
        assert!(is_hashed_name("/pkg/latch.2Rk8bPjKq1sVYwG7c0bY1A.wasm"));
        assert!(!is_hashed_name("/pkg/latch.wasm"));
        assert!(!is_hashed_name("/pkg/latch_bg.wasm"));
        assert!(!is_hashed_name("/signup"));
        assert!(!is_hashed_name("/pkg/../latch.2Rk8bPjKq1sVYwG7c0bY1A.wasm"));
    }

    #[test]
    fn files_are_told_from_pages() {
        assert!(is_file_path("/pkg/latch.wasm"));
        assert!(is_file_path("/favicon.svg"));
        assert!(is_file_path("/robots.txt"));
        assert!(!is_file_path("/account"));
        assert!(!is_file_path("/account/"));
        assert!(!is_file_path("/verify-email"));
        assert!(!is_file_path("/"));
    }
}
