// `sqlx::migrate!` embeds the migrations at compile time; on stable Rust a new migration file
// does not by itself make cargo rebuild, so say so here.
//
// `login_bundle`: a browser build with the `login-bundle` feature, the login page's own bundle.
// Islands other than the login form are plain components there (`#[cfg_attr(login_bundle, …)]`
// in src/app), so the page downloads the code of its one form, not of all 29.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo::rustc-check-cfg=cfg(login_bundle)");
    let feature = |name: &str| std::env::var_os(format!("CARGO_FEATURE_{name}")).is_some();
    if feature("LOGIN_BUNDLE") && !feature("SSR") {
        println!("cargo:rustc-cfg=login_bundle");
    }
}
