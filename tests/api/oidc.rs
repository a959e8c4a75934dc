//! Latch as an OpenID Connect provider, driven by a real relying party (the `openidconnect`
//! crate: discovery, PKCE, id_token signature, nonce and claims checks, refresh, userinfo), on
//! SQLite and PostgreSQL. The browser's part (login cookie, consent form) is played with plain
//! HTTP. Every negative case the issue lists has its test: wrong redirect URI, missing PKCE for
//! a public app, wrong verifier, code replay, expired code, refresh replay, `prompt=none`
//! without a session, and a tampered id_token.

use std::collections::HashMap;
use std::process::Command;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreUserInfoClaims,
};
use openidconnect::{
    AccessToken, AuthenticationContextClass, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse,
};
use serde_json::Value;

use latch::auth::oidc::{Alg, NewClient, RedirectUri};

use crate::support::{Db, Person, TestApp, cookie_of};

db_tests!(
    the_code_flow_works_with_a_real_relying_party,
    a_public_app_needs_pkce_and_the_right_verifier,
    bad_requests_get_a_400_page_or_an_error_redirect,
    a_replayed_code_revokes_what_it_issued,
    another_apps_code_changes_nothing,
    an_expired_code_is_refused,
    a_replayed_refresh_token_ends_the_grant_and_the_browser_session,
    concurrent_refreshes_of_one_token_are_a_replay,
    prompt_and_max_age_decide_when_to_log_in_again,
    a_tampered_id_token_is_rejected_by_the_library,
    logging_out_ends_what_apps_were_given,
    revocation_and_introspection_follow_the_rfcs,
    rotated_keys_stay_published_and_old_tokens_verify,
    the_command_line_registers_and_removes_apps,
    admins_manage_apps_through_the_api,
    redirect_uris_with_control_characters_are_refused_at_every_door,
);

const REDIRECT: &str = "http://127.0.0.1:9/callback";
const BYE: &str = "http://127.0.0.1:9/bye";

type Rp = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

struct App {
    id: String,
    secret: Option<String>,
}

async fn register_app(app: &TestApp, public: bool, first_party: bool, alg: Alg) -> App {
    let (client, secret) = app
        .auth
        .add_client(NewClient {
            name: "Billing".into(),
            redirect_uris: vec![RedirectUri::parse(REDIRECT).unwrap()],
            post_logout_redirect_uris: vec![RedirectUri::parse(BYE).unwrap()],
            public,
            first_party,
            id_token_alg: alg,
        })
        .await
        .unwrap();
    App {
        id: client.id,
        secret,
    }
}

fn http() -> openidconnect::reqwest::Client {
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The relying party, set up from Latch's discovery document as any app would.
async fn relying_party(app: &TestApp, registered: &App) -> Rp {
    let metadata =
        CoreProviderMetadata::discover_async(IssuerUrl::new(app.base.clone()).unwrap(), &http())
            .await
            .expect("discovery");
    CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(registered.id.clone()),
        registered.secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap())
}

/// A verified person logged in on a "browser": the session cookie.
async fn browser_login(app: &TestApp, person: &Person) -> String {
    app.verified(person).await;
    let response = app.password_login(&person.email, &person.password).await;
    assert_eq!(response.status(), 200);
    cookie_of(&response)
}

struct Authorization {
    url: url::Url,
    state: CsrfToken,
    nonce: Nonce,
    verifier: Option<PkceCodeVerifier>,
}

fn authorization(rp: &Rp, scopes: &[&str], pkce: bool) -> Authorization {
    let mut request = rp.authorize_url(
        CoreAuthenticationFlow::AuthorizationCode,
        CsrfToken::new_random,
        Nonce::new_random,
    );
    for scope in scopes {
        request = request.add_scope(Scope::new((*scope).into()));
    }
    let mut verifier = None;
    if pkce {
        let (challenge, v) = PkceCodeChallenge::new_random_sha256();
        request = request.set_pkce_challenge(challenge);
        verifier = Some(v);
    }
    let (url, state, nonce) = request.url();
    Authorization {
        url,
        state,
        nonce,
        verifier,
    }
}

/// Follows the browser through `/oauth2/authorize` with `cookie`: allows on the consent page
/// if one is shown, and returns where Latch sent the browser in the end.
async fn follow(app: &TestApp, url: &str, cookie: Option<&str>) -> url::Url {
    let mut request = app.client.get(url);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    if response.status() == 200 {
        let page = response.text().await.unwrap();
        assert!(
            page.contains("Allow Billing to use your account?"),
            "{page}"
        );
        let fields = hidden_fields(&page);
        let mut form: Vec<(String, String)> = fields.into_iter().collect();
        form.push(("decision".into(), "allow".into()));
        let response = app
            .client
            .post(app.url("/oauth2/authorize"))
            .header("cookie", cookie.unwrap())
            .header("origin", &app.base)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        return location(&response);
    }
    assert_eq!(response.status(), 302, "{}", response.text().await.unwrap());
    location(&response)
}

/// A GET by the logged-in browser, without following redirects.
async fn browse(app: &TestApp, url: impl reqwest::IntoUrl, cookie: &str) -> reqwest::Response {
    app.client
        .get(url)
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> url::Url {
    let to = response.headers()["location"].to_str().unwrap();
    url::Url::parse(to).unwrap_or_else(|_| url::Url::parse(&format!("http://latch{to}")).unwrap())
}

fn hidden_fields(page: &str) -> HashMap<String, String> {
    let re = regex::Regex::new(r#"<input type="hidden" name="([^"]+)" value="([^"]*)""#).unwrap();
    re.captures_iter(page)
        .map(|c| (c[1].to_owned(), html_unescape(&c[2])))
        .collect()
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn query(url: &url::Url) -> HashMap<String, String> {
    url.query_pairs().into_owned().collect()
}

/// The code from the redirect back to the app, after checking `state` and `iss`.
fn code_from(app: &TestApp, back: &url::Url, state: &CsrfToken) -> AuthorizationCode {
    assert!(back.as_str().starts_with(REDIRECT), "{back}");
    let q = query(back);
    assert_eq!(q.get("state"), Some(state.secret()), "{back}");
    assert_eq!(q.get("iss"), Some(&app.base));
    AuthorizationCode::new(
        q.get("code")
            .unwrap_or_else(|| panic!("no code: {back}"))
            .clone(),
    )
}

/// POSTs a form to an OAuth endpoint with the app's Basic credentials.
async fn post_form(
    app: &TestApp,
    path: &str,
    registered: &App,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let mut request = app.client.post(app.url(path)).form(form);
    if let Some(secret) = &registered.secret {
        request = request.basic_auth(&registered.id, Some(secret));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn the_code_flow_works_with_a_real_relying_party(db: Db) {
    let app = TestApp::spawn(&db).await;
    let registered = register_app(&app, false, false, Alg::Rs256).await;
    let rp = relying_party(&app, &registered).await;
    let person = Person::new();
    let cookie = browser_login(&app, &person).await;

    let auth = authorization(&rp, &["email", "profile", "phone", "offline_access"], true);
    let back = follow(&app, auth.url.as_str(), Some(&cookie)).await;
    let code = code_from(&app, &back, &auth.state);
    let tokens = rp
        .exchange_code(code)
        .unwrap()
        .set_pkce_verifier(auth.verifier.unwrap())
        .request_async(&http())
        .await
        .expect("code exchange");

    // The id_token: signature (JWKS), issuer, audience, expiry and nonce checked by the library.
    let id_token = tokens.id_token().expect("an id_token");
    let claims = id_token
        .claims(&rp.id_token_verifier(), &auth.nonce)
        .expect("a valid id_token");
    let user = app
        .store
        .find_user_by_email(&person.email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        claims.subject().as_str(),
        user.id.to_string(),
        "sub is the stable id, not the email"
    );
    assert_eq!(
        claims.email().map(|e| e.as_str()),
        Some(person.email.as_str())
    );
    assert_eq!(claims.email_verified(), Some(true));
    assert_eq!(
        claims
            .given_name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str()),
        Some("Ada")
    );
    assert_eq!(
        claims.phone_number().map(|p| p.as_str()),
        Some(person.phone.as_str())
    );
    let amr: Vec<String> = claims
        .auth_method_refs()
        .unwrap()
        .iter()
        .map(|a| a.as_str().to_owned())
        .collect();
    assert_eq!(amr, ["pwd"]);
    assert!(claims.auth_time().is_some());
    let _: Option<&AuthenticationContextClass> = claims.auth_context_ref();
    assert_eq!(
        id_token.signing_alg().unwrap(),
        &CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256
    );

    // The access token is a JWT a resource server can check alone (RFC 9068).
    let access = tokens.access_token().secret();
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(access.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["typ"], "at+jwt");
    assert_eq!(header["alg"], "RS256");
    assert_eq!(tokens.expires_in(), Some(Duration::from_secs(600)));

    // Userinfo with the access token, through the library (it checks `sub`).
    let info: CoreUserInfoClaims = rp
        .user_info(
            tokens.access_token().clone(),
            Some(claims.subject().clone()),
        )
        .unwrap()
        .request_async(&http())
        .await
        .expect("userinfo");
    assert_eq!(
        info.email().map(|e| e.as_str()),
        Some(person.email.as_str())
    );
    assert_eq!(
        info.family_name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str()),
        Some("Lovelace")
    );

    // Refresh: a new refresh token each time, and a new id_token for the same person.
    let refresh = tokens
        .refresh_token()
        .expect("offline_access gives a refresh token");
    let refreshed = rp
        .exchange_refresh_token(refresh)
        .unwrap()
        .request_async(&http())
        .await
        .expect("refresh");
    let next = refreshed.refresh_token().expect("a rotated refresh token");
    assert_ne!(next.secret(), refresh.secret());
    let again = refreshed
        .id_token()
        .unwrap()
        .claims(&rp.id_token_verifier(), |_: Option<&Nonce>| Ok(()))
        .unwrap();
    assert_eq!(again.subject(), claims.subject());

    // Consent is remembered: the next authorization goes straight back with a code.
    let auth = authorization(&rp, &["email"], true);
    let response = browse(&app, auth.url.as_str(), &cookie).await;
    assert_eq!(response.status(), 302, "no second consent page");
    code_from(&app, &location(&response), &auth.state);

    // "Apps with access" lists the app, and taking access away ends its tokens.
    let token = app.token_for(&person).await;
    let apps: Value = app
        .get_with_token("/api/v1/me/apps", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        apps["apps"][0]["client_id"],
        registered.id.as_str(),
        "{apps}"
    );
    assert_eq!(apps["apps"][0]["name"], "Billing");
    let response = app
        .client
        .delete(app.url(&format!("/api/v1/me/apps/{}", registered.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let refused = rp
        .exchange_refresh_token(next)
        .unwrap()
        .request_async(&http())
        .await;
    assert!(
        refused.is_err(),
        "the app's refresh token died with its access"
    );
    let auth = authorization(&rp, &["email"], true);
    let response = browse(&app, auth.url.as_str(), &cookie).await;
    assert_eq!(response.status(), 200, "consent is asked again");
}

async fn a_public_app_needs_pkce_and_the_right_verifier(db: Db) {
    let app = TestApp::spawn(&db).await;
    let registered = register_app(&app, true, true, Alg::EdDsa).await;
    let rp = relying_party(&app, &registered).await;
    let cookie = browser_login(&app, &Person::new()).await;

    // No PKCE: the error goes back to the app.
    let auth = authorization(&rp, &[], false);
    let back = follow(&app, auth.url.as_str(), Some(&cookie)).await;
    let q = query(&back);
    assert_eq!(
        q.get("error").map(String::as_str),
        Some("invalid_request"),
        "{back}"
    );
    assert!(q["error_description"].contains("PKCE"));
    assert_eq!(q.get("state"), Some(auth.state.secret()));
    assert!(!q.contains_key("code"));

    // A wrong verifier: refused, and the code is spent.
    let auth = authorization(&rp, &[], true);
    let code = code_from(
        &app,
        &follow(&app, auth.url.as_str(), Some(&cookie)).await,
        &auth.state,
    );
    let wrong = rp
        .exchange_code(code.clone())
        .unwrap()
        .set_pkce_verifier(PkceCodeVerifier::new("x".repeat(43)))
        .request_async(&http())
        .await;
    assert!(wrong.is_err());
    let late = rp
        .exchange_code(code)
        .unwrap()
        .set_pkce_verifier(auth.verifier.unwrap())
        .request_async(&http())
        .await;
    assert!(late.is_err(), "a code gets one exchange, right or wrong");

    // Without a verifier: refused.
    let auth = authorization(&rp, &[], true);
    let code = code_from(
        &app,
        &follow(&app, auth.url.as_str(), Some(&cookie)).await,
        &auth.state,
    );
    let (status, body) = post_form(
        &app,
        "/oauth2/token",
        &registered,
        &[
            ("grant_type", "authorization_code"),
            ("code", code.secret()),
            ("redirect_uri", REDIRECT),
            ("client_id", &registered.id),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );

    // The right one: tokens, the id_token signed EdDSA as the app was registered for.
    let auth = authorization(&rp, &[], true);
    let code = code_from(
        &app,
        &follow(&app, auth.url.as_str(), Some(&cookie)).await,
        &auth.state,
    );
    let tokens = rp
        .exchange_code(code)
        .unwrap()
        .set_pkce_verifier(auth.verifier.unwrap())
        .request_async(&http())
        .await
        .expect("exchange with the right verifier");
    let id_token = tokens.id_token().unwrap();
    assert_eq!(
        id_token.signing_alg().unwrap(),
        &CoreJwsSigningAlgorithm::EdDsa
    );
    let verifier = rp
        .id_token_verifier()
        .set_allowed_algs(vec![CoreJwsSigningAlgorithm::EdDsa]);
    id_token
        .claims(&verifier, &auth.nonce)
        .expect("EdDSA id_token verifies");
    assert!(
        tokens.refresh_token().is_none(),
        "no offline_access, no refresh token"
    );

    // A public app cannot pretend to hold a secret, nor introspect.
    let (status, body) = post_form(
        &app,
        "/oauth2/introspect",
        &registered,
        &[
            ("token", tokens.access_token().secret()),
            ("client_id", &registered.id),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unauthorized_client"))
    );
}

async fn bad_requests_get_a_400_page_or_an_error_redirect(db: Db) {
    let app = TestApp::spawn(&db).await;
    let registered = register_app(&app, false, true, Alg::Rs256).await;
    let cookie = browser_login(&app, &Person::new()).await;
    let ok = format!(
        "client_id={}&redirect_uri={}&response_type=code&scope=openid&state=s1",
        registered.id,
        urlencode(REDIRECT)
    );
    let get = |q: String| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            app.client
                .get(app.url(&format!("/oauth2/authorize?{q}")))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
        }
    };
    // Sent nowhere: a 400 page that says why.
    for (q, says) in [
        (
            ok.replace(&urlencode(REDIRECT), &urlencode("http://127.0.0.1:9/other")),
            "is not a redirect URI registered",
        ),
        (
            ok.replace(
                &urlencode(REDIRECT),
                &urlencode("http://127.0.0.1:9/callback/"),
            ),
            "is not a redirect URI registered",
        ),
        (
            ok.replace(&format!("redirect_uri={}&", urlencode(REDIRECT)), ""),
            "no `redirect_uri`",
        ),
        (
            ok.replace(&registered.id, "latch_nobody"),
            "No app is registered",
        ),
        (format!("{ok}&client_id=again"), "more than once"),
    ] {
        let response = get(q.clone()).await;
        assert_eq!(response.status(), 400, "{q}");
        assert!(response.headers().get("location").is_none());
        let page = response.text().await.unwrap();
        assert!(page.contains(says), "{q}: {page}");
    }
    // Sent back to the app with the error and the state.
    for (q, error) in [
        (
            ok.replace("response_type=code", "response_type=token"),
            "unsupported_response_type",
        ),
        (ok.replace("scope=openid", "scope=email"), "invalid_scope"),
        (
            format!("{ok}&code_challenge=abc&code_challenge_method=plain"),
            "invalid_request",
        ),
        (
            format!("{ok}&code_challenge_method=S256"),
            "invalid_request",
        ),
        (format!("{ok}&max_age=soon"), "invalid_request"),
        (format!("{ok}&prompt=none+login"), "invalid_request"),
        (format!("{ok}&request=eyJ"), "request_not_supported"),
    ] {
        let response = get(q.clone()).await;
        assert_eq!(response.status(), 302, "{q}");
        let back = location(&response);
        assert!(back.as_str().starts_with(REDIRECT), "{back}");
        let q2 = query(&back);
        assert_eq!(q2.get("error").map(String::as_str), Some(error), "{q}");
        assert_eq!(q2.get("state").map(String::as_str), Some("s1"));
    }
    // The token endpoint: unknown client, wrong secret, unknown grant type.
    let wrong = App {
        id: registered.id.clone(),
        secret: Some("wrong".into()),
    };
    let (status, body) = post_form(
        &app,
        "/oauth2/token",
        &wrong,
        &[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let (status, body) = post_form(
        &app,
        "/oauth2/token",
        &registered,
        &[("grant_type", "password")],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    let (status, body) = post_form(
        &app,
        "/oauth2/token",
        &registered,
        &[
            ("grant_type", "authorization_code"),
            ("code", "made-up"),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An app, its relying party, a logged-in browser and tokens from one code exchange.
async fn tokens_for(
    app: &TestApp,
    scopes: &[&str],
) -> (
    App,
    Rp,
    String,
    AuthorizationCode,
    openidconnect::core::CoreTokenResponse,
) {
    let registered = register_app(app, false, true, Alg::Rs256).await;
    let rp = relying_party(app, &registered).await;
    let cookie = browser_login(app, &Person::new()).await;
    let auth = authorization(&rp, scopes, false);
    let code = code_from(
        app,
        &follow(app, auth.url.as_str(), Some(&cookie)).await,
        &auth.state,
    );
    let tokens = rp
        .exchange_code(code.clone())
        .unwrap()
        .request_async(&http())
        .await
        .expect("exchange");
    (registered, rp, cookie, code, tokens)
}

async fn a_replayed_code_revokes_what_it_issued(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (registered, rp, _, code, tokens) = tokens_for(&app, &["email", "offline_access"]).await;
    let (status, _) = post_form(
        &app,
        "/oauth2/introspect",
        &registered,
        &[("token", tokens.access_token().secret())],
    )
    .await;
    assert_eq!(status, 200);

    // The replay is refused, from several clients at once, and ends the first exchange's tokens.
    let client = http();
    let replays = (0..4).map(|_| {
        rp.exchange_code(code.clone())
            .unwrap()
            .request_async(&client)
    });
    for replay in futures::future::join_all(replays).await {
        assert!(replay.is_err());
    }
    let refresh = rp
        .exchange_refresh_token(tokens.refresh_token().unwrap())
        .unwrap()
        .request_async(&http())
        .await;
    assert!(refresh.is_err(), "the refresh token died with the replay");
    let info = rp
        .user_info(tokens.access_token().clone(), None)
        .unwrap()
        .request_async::<openidconnect::EmptyAdditionalClaims, _, openidconnect::core::CoreGenderClaim>(&http())
        .await;
    assert!(info.is_err(), "userinfo refuses the revoked access token");
    let (_, body) = post_form(
        &app,
        "/oauth2/introspect",
        &registered,
        &[("token", tokens.access_token().secret())],
    )
    .await;
    assert_eq!(body, serde_json::json!({"active": false}));
}

/// App B presenting app A's code, used or unused: `invalid_grant`, and A's grant and A's own
/// exchange are as they were (B could revoke A's grant, or burn A's code, before).
async fn another_apps_code_changes_nothing(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (a, rp, _, used, tokens) = tokens_for(&app, &["offline_access"]).await;
    let b = register_app(&app, false, true, Alg::Rs256).await;
    let exchange = |code: String| {
        [
            ("grant_type", "authorization_code".to_owned()),
            ("code", code),
            ("redirect_uri", REDIRECT.to_owned()),
        ]
    };
    let form = exchange(used.secret().clone());
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = post_form(&app, "/oauth2/token", &b, &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let refreshed = rp
        .exchange_refresh_token(tokens.refresh_token().unwrap())
        .unwrap()
        .request_async(&http())
        .await;
    assert!(refreshed.is_ok(), "A's grant stands");

    // A fresh code of A's, shown to B first, still works for A.
    let cookie = browser_login(&app, &Person::new()).await;
    let auth = authorization(&rp, &[], false);
    let fresh = code_from(
        &app,
        &follow(&app, auth.url.as_str(), Some(&cookie)).await,
        &auth.state,
    );
    let form = exchange(fresh.secret().clone());
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = post_form(&app, "/oauth2/token", &b, &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let (status, body) = post_form(&app, "/oauth2/token", &a, &form).await;
    assert_eq!(status, 200, "{body}");
}

async fn an_expired_code_is_refused(db: Db) {
    let app = TestApp::spawn(&db).await;
    let registered = register_app(&app, false, true, Alg::Rs256).await;
    let rp = relying_party(&app, &registered).await;
    let cookie = browser_login(&app, &Person::new()).await;
    let auth = authorization(&rp, &[], false);
    let code = code_from(
        &app,
        &follow(&app, auth.url.as_str(), Some(&cookie)).await,
        &auth.state,
    );
    app.advance(Duration::from_secs(61));
    let (status, body) = post_form(
        &app,
        "/oauth2/token",
        &registered,
        &[
            ("grant_type", "authorization_code"),
            ("code", code.secret()),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{body}"
    );
}

async fn a_replayed_refresh_token_ends_the_grant_and_the_browser_session(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (_, rp, cookie, _, tokens) = tokens_for(&app, &["offline_access"]).await;
    let first = tokens.refresh_token().unwrap().clone();
    let rotated = rp
        .exchange_refresh_token(&first)
        .unwrap()
        .request_async(&http())
        .await
        .unwrap();
    let second = rotated.refresh_token().unwrap().clone();
    assert_eq!(
        app.get_with_cookie("/api/v1/session", &cookie)
            .await
            .status(),
        200
    );

    // Someone replays the first one: refused, and everything from that login ends.
    assert!(
        rp.exchange_refresh_token(&first)
            .unwrap()
            .request_async(&http())
            .await
            .is_err()
    );
    assert!(
        rp.exchange_refresh_token(&second)
            .unwrap()
            .request_async(&http())
            .await
            .is_err(),
        "the whole family ended"
    );
    assert_eq!(
        app.get_with_cookie("/api/v1/session", &cookie)
            .await
            .status(),
        401,
        "and the browser session it came from"
    );
}

/// An attacker racing the app with a stolen refresh token: of several refreshes of one token
/// at once exactly one succeeds, the others are replays, and the grant and the browser session
/// end, so even the winner's new token is refused.
async fn concurrent_refreshes_of_one_token_are_a_replay(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (_, rp, cookie, _, tokens) = tokens_for(&app, &["offline_access"]).await;
    let stolen = tokens.refresh_token().unwrap().clone();
    let client = http();
    let racing = (0..6).map(|_| {
        rp.exchange_refresh_token(&stolen)
            .unwrap()
            .request_async(&client)
    });
    let answers = futures::future::join_all(racing).await;
    let won: Vec<_> = answers.iter().filter_map(|a| a.as_ref().ok()).collect();
    assert_eq!(won.len(), 1, "one spend of one token");
    let next = won[0].refresh_token().unwrap();
    assert!(
        rp.exchange_refresh_token(next)
            .unwrap()
            .request_async(&client)
            .await
            .is_err(),
        "the replays ended the grant"
    );
    assert_eq!(
        app.get_with_cookie("/api/v1/session", &cookie)
            .await
            .status(),
        401
    );
}

async fn prompt_and_max_age_decide_when_to_log_in_again(db: Db) {
    let app = TestApp::spawn(&db).await;
    let registered = register_app(&app, false, false, Alg::Rs256).await;
    let rp = relying_party(&app, &registered).await;
    let base = authorization(&rp, &[], false).url.to_string();

    // Nobody logged in: prompt=none is login_required; otherwise, the login page.
    let back = follow(&app, &format!("{base}&prompt=none"), None).await;
    assert_eq!(
        query(&back).get("error").map(String::as_str),
        Some("login_required")
    );
    let to_login = follow(&app, &base, None).await;
    assert_eq!(to_login.path(), "/login");
    let return_to = query(&to_login)["return_to"].clone();
    assert!(return_to.starts_with("/oauth2/authorize?"), "{return_to}");
    // The app's login_hint fills in the identifier on the login page.
    let to_login = follow(&app, &format!("{base}&login_hint=ada%40example.com"), None).await;
    assert_eq!(
        query(&to_login).get("login_hint").map(String::as_str),
        Some("ada@example.com")
    );
    let page = app
        .get(&format!(
            "{}?{}",
            to_login.path(),
            to_login.query().unwrap()
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"value="ada@example.com""#), "{page}");

    // Logged in but never asked: prompt=none is consent_required.
    let person = Person::new();
    let cookie = browser_login(&app, &person).await;
    let back = follow(&app, &format!("{base}&prompt=none"), Some(&cookie)).await;
    assert_eq!(
        query(&back).get("error").map(String::as_str),
        Some("consent_required")
    );

    // prompt=login sends a logged-in browser to log in again, and back without the prompt;
    // coming back with the same (older) login is sent again, a fresh one passes.
    let response = browse(&app, format!("{base}&prompt=login"), &cookie).await;
    assert_eq!(response.status(), 302);
    let to_login = location(&response);
    assert_eq!(to_login.path(), "/login");
    let return_to = query(&to_login)["return_to"].clone();
    assert!(!return_to.contains("prompt="), "{return_to}");
    assert!(return_to.contains("auth_after="), "{return_to}");
    app.advance(Duration::from_secs(5));
    let again = browse(&app, app.url(&return_to), &cookie).await;
    assert_eq!(again.status(), 302);
    assert_eq!(
        location(&again).path(),
        "/login",
        "the old login does not count"
    );
    // A login made after being sent there completes the request (it looped to the login
    // page forever when `auth_after` was written in milliseconds and read as seconds).
    let fresh = cookie_of(&app.password_login(&person.email, &person.password).await);
    let done = browse(&app, app.url(&return_to), &fresh).await;
    assert_eq!(done.status(), 200, "the consent page, not the login page");

    // max_age: a login older than it is sent to log in, then a fresh one completes it.
    app.advance(Duration::from_secs(120));
    for max_age in ["60", "0"] {
        let response = browse(&app, format!("{base}&max_age={max_age}"), &fresh).await;
        let to_login = location(&response);
        assert_eq!(to_login.path(), "/login", "max_age={max_age}");
        let return_to = query(&to_login)["return_to"].clone();
        app.advance(Duration::from_secs(1));
        let fresher = cookie_of(&app.password_login(&person.email, &person.password).await);
        let done = browse(&app, app.url(&return_to), &fresher).await;
        assert_eq!(
            done.status(),
            200,
            "max_age={max_age}: then the consent page"
        );
    }
    let response = browse(&app, format!("{base}&max_age=3600"), &cookie).await;
    assert_eq!(response.status(), 200, "recent enough: the consent page");
}

async fn a_tampered_id_token_is_rejected_by_the_library(db: Db) {
    let app = TestApp::spawn(&db).await;
    let registered = register_app(&app, false, true, Alg::Rs256).await;
    let rp = relying_party(&app, &registered).await;
    let cookie = browser_login(&app, &Person::new()).await;
    let auth = authorization(&rp, &["email"], false);
    let code = code_from(
        &app,
        &follow(&app, auth.url.as_str(), Some(&cookie)).await,
        &auth.state,
    );
    let tokens = rp
        .exchange_code(code)
        .unwrap()
        .request_async(&http())
        .await
        .unwrap();
    let original = tokens.id_token().unwrap().to_string();
    assert!(
        tokens
            .id_token()
            .unwrap()
            .claims(&rp.id_token_verifier(), &auth.nonce)
            .is_ok()
    );

    let parts: Vec<&str> = original.split('.').collect();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    claims["email"] = "mallory@example.com".into();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );
    let token: CoreIdToken = tampered.parse().unwrap();
    assert!(
        token.claims(&rp.id_token_verifier(), &auth.nonce).is_err(),
        "changed claims"
    );

    let mut signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    signature[10] ^= 1;
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        URL_SAFE_NO_PAD.encode(signature)
    );
    let token: CoreIdToken = forged.parse().unwrap();
    assert!(
        token.claims(&rp.id_token_verifier(), &auth.nonce).is_err(),
        "changed signature"
    );

    let token: CoreIdToken = original.parse().unwrap();
    assert!(
        token
            .claims(&rp.id_token_verifier(), &Nonce::new("another".into()))
            .is_err(),
        "wrong nonce"
    );
}

async fn logging_out_ends_what_apps_were_given(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (registered, rp, cookie, _, tokens) = tokens_for(&app, &["offline_access"]).await;
    let id_token = tokens.id_token().unwrap().to_string();

    // Requests that do not check out ask the person, log nobody out and, once confirmed, go
    // nowhere else: an unregistered logout address; an access token (signed by Latch too) as
    // the hint; the app's id_token sent with another app's id.
    let other = register_app(&app, false, true, Alg::Rs256).await;
    let access = tokens.access_token().secret();
    for asked in [
        format!(
            "/oauth2/logout?id_token_hint={id_token}&post_logout_redirect_uri={}",
            urlencode("https://evil.example/")
        ),
        format!(
            "/oauth2/logout?id_token_hint={access}&post_logout_redirect_uri={}",
            urlencode(BYE)
        ),
        format!("/oauth2/logout?id_token_hint={access}"),
        format!(
            "/oauth2/logout?id_token_hint={id_token}&client_id={}",
            other.id
        ),
    ] {
        let response = app.get_with_cookie(&asked, &cookie).await;
        assert_eq!(response.status(), 200, "{asked}");
        assert!(
            response.text().await.unwrap().contains("Log out of Latch?"),
            "{asked}"
        );
        assert_eq!(
            app.get_with_cookie("/api/v1/session", &cookie)
                .await
                .status(),
            200,
            "{asked}"
        );
    }
    // Confirming the one with an unregistered address logs out, and stays on Latch.
    let (_, _, confirming, _, _) = tokens_for(&app, &[]).await;
    let response = app
        .client
        .post(app.url("/oauth2/logout"))
        .header("cookie", &confirming)
        .header("origin", &app.base)
        .form(&[
            ("id_token_hint", id_token.as_str()),
            ("post_logout_redirect_uri", "https://evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/oauth2/logout");
    assert_eq!(
        app.get_with_cookie("/api/v1/session", &confirming)
            .await
            .status(),
        401
    );

    // Without an id_token naming them, the person is asked, and a GET logs nobody out.
    let ask = format!(
        "/oauth2/logout?client_id={}&post_logout_redirect_uri={}",
        registered.id,
        urlencode(BYE)
    );
    let response = app.get_with_cookie(&ask, &cookie).await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Log out of Latch?"));
    assert_eq!(
        app.get_with_cookie("/api/v1/session", &cookie)
            .await
            .status(),
        200
    );

    // With it: logged out, the refresh token ended, and back to the app with the state.
    let end = format!(
        "/oauth2/logout?id_token_hint={id_token}&post_logout_redirect_uri={}&state=bye1",
        urlencode(BYE)
    );
    let response = app.get_with_cookie(&end, &cookie).await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], format!("{BYE}?state=bye1"));
    assert_eq!(
        app.get_with_cookie("/api/v1/session", &cookie)
            .await
            .status(),
        401
    );
    let refresh = rp
        .exchange_refresh_token(tokens.refresh_token().unwrap())
        .unwrap()
        .request_async(&http())
        .await;
    assert!(
        refresh.is_err(),
        "logging out ended the app's refresh token"
    );

    // Without a logout address the browser stays here and is told, once logged out.
    let page = app.get("/oauth2/logout").await;
    assert_eq!(page.status(), 200, "no redirect loop");
    assert!(page.text().await.unwrap().contains("You are logged out"));

    // A logout through the API ends them too.
    let (_, rp, cookie, _, tokens) = tokens_for(&app, &["offline_access"]).await;
    let response = app
        .client
        .delete(app.url("/api/v1/session"))
        .header("cookie", &cookie)
        .header("origin", &app.base)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let refresh = rp
        .exchange_refresh_token(tokens.refresh_token().unwrap())
        .unwrap()
        .request_async(&http())
        .await;
    assert!(refresh.is_err());

    // Asked, then confirmed on the page: its form posts back, from Latch's own origin only.
    let (registered, _, cookie, _, _) = tokens_for(&app, &[]).await;
    let form = [
        ("client_id", registered.id.as_str()),
        ("post_logout_redirect_uri", BYE),
    ];
    let post = |origin: &'static str| {
        app.client
            .post(app.url("/oauth2/logout"))
            .header("cookie", &cookie)
            .header(
                "origin",
                if origin.is_empty() {
                    app.base.as_str()
                } else {
                    origin
                },
            )
            .form(&form)
            .send()
    };
    assert_eq!(post("https://evil.example").await.unwrap().status(), 403);
    assert_eq!(
        app.get_with_cookie("/api/v1/session", &cookie)
            .await
            .status(),
        200
    );
    let response = post("").await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], BYE);
    assert_eq!(
        app.get_with_cookie("/api/v1/session", &cookie)
            .await
            .status(),
        401
    );
}

async fn revocation_and_introspection_follow_the_rfcs(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (registered, rp, _, _, tokens) = tokens_for(&app, &["email", "offline_access"]).await;
    let access = tokens.access_token().secret().clone();
    let refresh = tokens.refresh_token().unwrap().secret().clone();

    let (status, body) = post_form(
        &app,
        "/oauth2/introspect",
        &registered,
        &[("token", &access)],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["active"], true);
    assert_eq!(body["client_id"], registered.id.as_str());
    assert_eq!(body["scope"], "openid email offline_access");
    let (_, body) = post_form(
        &app,
        "/oauth2/introspect",
        &registered,
        &[("token", &refresh), ("token_type_hint", "refresh_token")],
    )
    .await;
    assert_eq!(body["active"], true);
    // RFC 7662's `token_type` is an access token's type (RFC 6749 §7.1): none for a refresh
    // token, which a resource server must not take for a bearer token.
    assert_eq!(body.get("token_type"), None, "{body}");
    let (_, body) = post_form(
        &app,
        "/oauth2/introspect",
        &registered,
        &[("token", "garbage")],
    )
    .await;
    assert_eq!(body, serde_json::json!({"active": false}));

    // Another app sees nothing of these tokens and cannot revoke them.
    let other = register_app(&app, false, true, Alg::Rs256).await;
    let (_, body) = post_form(&app, "/oauth2/introspect", &other, &[("token", &access)]).await;
    assert_eq!(body["active"], false);
    let (status, _) = post_form(&app, "/oauth2/revoke", &other, &[("token", &refresh)]).await;
    assert_eq!(status, 200, "RFC 7009: 200 whatever the token");
    let (_, body) = post_form(
        &app,
        "/oauth2/introspect",
        &registered,
        &[("token", &refresh)],
    )
    .await;
    assert_eq!(body["active"], true, "another app's revocation did nothing");

    // The owner revokes the refresh token: the grant ends, access token included.
    let (status, _) = post_form(&app, "/oauth2/revoke", &registered, &[("token", &refresh)]).await;
    assert_eq!(status, 200);
    let (_, body) = post_form(
        &app,
        "/oauth2/introspect",
        &registered,
        &[("token", &access)],
    )
    .await;
    assert_eq!(body["active"], false);
    let info = rp
        .user_info(AccessToken::new(access.clone()), None)
        .unwrap()
        .request_async::<openidconnect::EmptyAdditionalClaims, _, openidconnect::core::CoreGenderClaim>(&http())
        .await;
    assert!(info.is_err());
    let response = app.get_with_token("/oauth2/userinfo", &access).await;
    assert_eq!(response.status(), 401);
    assert!(
        response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );
    let (status, body) = post_form(&app, "/oauth2/revoke", &registered, &[]).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request"))
    );
}

async fn rotated_keys_stay_published_and_old_tokens_verify(db: Db) {
    let app = TestApp::spawn(&db).await;
    let (registered, _, _, _, tokens) = tokens_for(&app, &["email"]).await;
    let jwks: Value = app.get("/oauth2/jwks").await.json().await.unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2, "{jwks}");
    let kid_of = |jwt: &str| -> String {
        let header: Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(jwt.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        header["kid"].as_str().unwrap().to_owned()
    };
    let old_kid = kid_of(tokens.access_token().secret());
    // Private keys are stored sealed, never as PKCS#8 in the clear.
    let jwk_text = jwks.to_string();
    assert!(!jwk_text.contains("\"d\""), "no private part in the JWKS");

    app.auth
        .signing_keys()
        .rotate(app.auth.clock().now())
        .await
        .unwrap();
    let jwks: Value = app.get("/oauth2/jwks").await.json().await.unwrap();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids.len(), 4, "old and new keys published");
    assert!(kids.contains(&old_kid.as_str()));
    // The old access token still verifies (introspection, userinfo) until it expires.
    let (_, body) = post_form(
        &app,
        "/oauth2/introspect",
        &registered,
        &[("token", tokens.access_token().secret())],
    )
    .await;
    assert_eq!(body["active"], true);
    // New tokens are signed with the new key.
    let (_, rp, _, _, fresh) = tokens_for(&app, &["email"]).await;
    let _ = rp;
    assert_ne!(kid_of(fresh.access_token().secret()), old_kid);
    // A day later the retired keys are gone from the JWKS (after the sweep).
    app.advance(Duration::from_secs(24 * 3600 + 60));
    app.auth.sweep().await.unwrap();
    let jwks: Value = app.get("/oauth2/jwks").await.json().await.unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
}

async fn the_command_line_registers_and_removes_apps(db: Db) {
    let app = TestApp::spawn(&db).await;
    let latch = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_latch"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", db.url())
            .output()
            .unwrap()
    };
    let added = latch(&[
        "client",
        "add",
        "--name",
        "Billing",
        "--redirect-uri",
        REDIRECT,
        "--post-logout-redirect-uri",
        BYE,
    ]);
    assert_eq!(added.status.code(), Some(0), "{added:?}");
    let out = String::from_utf8_lossy(&added.stdout).to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let id = lines[0].strip_prefix("client_id: ").unwrap();
    let secret = lines[1].strip_prefix("client_secret: ").unwrap();
    assert!(secret.len() >= 43);

    // The printed secret works at the token endpoint; nothing else does.
    let registered = App {
        id: id.to_owned(),
        secret: Some(secret.to_owned()),
    };
    let (status, _) = post_form(
        &app,
        "/oauth2/token",
        &registered,
        &[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(status, 400, "authenticated: the code is what is wrong");
    let stored = app.auth.client(id).await.unwrap().unwrap();
    assert!(stored.secret_matches(secret) && !stored.is_public());

    let public = latch(&[
        "client",
        "add",
        "--name",
        "SPA",
        "--redirect-uri",
        "https://spa.example/cb",
        "--public",
    ]);
    assert_eq!(public.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&public.stdout).lines().count(),
        1,
        "no secret for a public app"
    );

    let listed = latch(&["client", "list"]);
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(
        listed.contains(id) && listed.contains("SPA") && listed.contains("public"),
        "{listed}"
    );
    assert!(!listed.contains(secret));

    for bad in [
        vec![
            "client",
            "add",
            "--name",
            "X",
            "--redirect-uri",
            "http://app.example/cb",
        ],
        vec!["client", "add", "--redirect-uri", REDIRECT],
        vec!["client", "frobnicate"],
        vec!["keys", "spin"],
    ] {
        assert_eq!(latch(&bad).status.code(), Some(2), "{bad:?}");
    }
    assert_eq!(
        latch(&["client", "remove", "latch_nobody"]).status.code(),
        Some(1)
    );
    assert_eq!(latch(&["client", "remove", id]).status.code(), Some(0));
    assert!(app.auth.client(id).await.unwrap().is_none());
    let rotated = latch(&["keys", "rotate"]);
    assert_eq!(rotated.status.code(), Some(0), "{rotated:?}");
}

async fn admins_manage_apps_through_the_api(db: Db) {
    let app = TestApp::spawn(&db).await;
    let member = Person::new();
    app.verified(&member).await;
    let member_token = app.token_for(&member).await;
    let body = serde_json::json!({"name": "Billing", "redirect_uris": [REDIRECT]});
    let response = app
        .post_with_token("/api/v1/admin/clients", &member_token, body.clone())
        .await;
    assert_eq!(response.status(), 403, "not an admin");
    assert_eq!(
        app.get_with_token("/api/v1/admin/clients", &member_token)
            .await
            .status(),
        403
    );

    let admin = Person::new();
    app.verified(&admin).await;
    crate::admin::grant_admin(&app, &admin.email).await;
    let token = app.token_for(&admin).await;

    // Names and URIs Latch cannot use are refused beside their field.
    let bad = serde_json::json!({
        "name": " ", "redirect_uris": ["http://app.example/cb"], "id_token_alg": "HS256"
    });
    let (status, body_bad) = crate::support::error_code(
        app.post_with_token("/api/v1/admin/clients", &token, bad)
            .await,
    )
    .await;
    assert_eq!(status, 422, "{body_bad}");
    let fields = &body_bad["error"]["fields"];
    assert!(
        fields["redirect_uris"][0]
            .as_str()
            .unwrap()
            .contains("not loopback"),
        "{body_bad}"
    );
    assert!(fields["id_token_alg"].is_array(), "{body_bad}");

    let response = app
        .post_with_token("/api/v1/admin/clients", &token, body)
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let id = created["client"]["client_id"].as_str().unwrap().to_owned();
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(created["client"]["public"], false);
    assert!(
        app.auth
            .client(&id)
            .await
            .unwrap()
            .unwrap()
            .secret_matches(&secret)
    );

    // The admin page lists it too (and a member gets the 403 page).
    let page = app
        .get_with_cookie("/admin/clients", &format!("latch_session={token}"))
        .await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Register an app") && page.contains(&id),
        "{page}"
    );
    let page = app
        .get_with_cookie("/admin/clients", &format!("latch_session={member_token}"))
        .await;
    assert_eq!(page.status(), 403);

    let listed: Value = app
        .get_with_token("/api/v1/admin/clients", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["clients"][0]["client_id"], id.as_str());
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is never shown again"
    );

    // The app works: a code flow with the secret the API gave.
    let registered = App {
        id: id.clone(),
        secret: Some(secret),
    };
    let rp = relying_party(&app, &registered).await;
    let cookie = browser_login(&app, &Person::new()).await;
    let auth = authorization(&rp, &[], false);
    let code = code_from(
        &app,
        &follow(&app, auth.url.as_str(), Some(&cookie)).await,
        &auth.state,
    );
    assert!(
        rp.exchange_code(code)
            .unwrap()
            .request_async(&http())
            .await
            .is_ok()
    );

    let delete = |id: String| {
        let app = &app;
        let token = token.clone();
        async move {
            app.client
                .delete(app.url(&format!("/api/v1/admin/clients/{id}")))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(delete(id.clone()).await, 204);
    assert_eq!(delete(id.clone()).await, 404);
    let log: Value = app
        .get_with_token("/api/v1/admin/audit?kind=client_added", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["events"].as_array().unwrap().len(), 1, "{log}");
}

/// The review stored `https://app.example.com/cb<LF>https://evil.example/cb` through the admin
/// API (201), the line break made the tail a registered URI of its own, and a tab made
/// `/oauth2/authorize` panic. Every door parses with one rule now, and a bad value stored
/// before is ignored, not trusted and not a crash.
async fn redirect_uris_with_control_characters_are_refused_at_every_door(db: Db) {
    let app = TestApp::spawn(&db).await;
    let admin = Person::new();
    app.verified(&admin).await;
    crate::admin::grant_admin(&app, &admin.email).await;
    let token = app.token_for(&admin).await;
    let bad_uris = [
        "https://app.example.com/cb\nhttps://evil.example/cb",
        "https://app.example.com/cb\r\nhttps://evil.example/cb",
        "https://app.example.com/c\tb",
        "https://app.example.com/cb\u{1}",
        "https://app.example.com/cb\u{7f}",
    ];
    for uri in bad_uris {
        for field in ["redirect_uris", "post_logout_redirect_uris"] {
            let mut body = serde_json::json!({"name": "Billing", "redirect_uris": [REDIRECT]});
            body[field] = serde_json::json!([uri]);
            let (status, answer) = crate::support::error_code(
                app.post_with_token("/api/v1/admin/clients", &token, body)
                    .await,
            )
            .await;
            assert_eq!(status, 422, "{uri:?} in {field}: {answer}");
            assert!(answer["error"]["fields"][field].is_array(), "{answer}");
        }
        let added = Command::new(env!("CARGO_BIN_EXE_latch"))
            .args(["client", "add", "--name", "Billing", "--redirect-uri", uri])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", db.url())
            .output()
            .unwrap();
        assert_eq!(added.status.code(), Some(2), "{uri:?}: {added:?}");
    }
    assert!(
        app.auth.clients().await.unwrap().is_empty(),
        "nothing stored"
    );

    // Stored before the rule (as a list now, after the migration): the bad URI is left out,
    // a request naming it gets the 400 page, and the good one still works.
    app.store
        .insert_client(&latch::store::ClientRecord {
            id: "legacy".into(),
            name: "Legacy".into(),
            secret_hash: None,
            redirect_uris: serde_json::json!(["https://app.example.com/c\tb", REDIRECT])
                .to_string(),
            post_logout_redirect_uris: "[]".into(),
            first_party: true,
            id_token_alg: "RS256".into(),
            created_at: chrono::Utc::now(),
        })
        .await
        .unwrap();
    let client = app.auth.client("legacy").await.unwrap().unwrap();
    assert_eq!(client.redirect_uris, vec![REDIRECT.to_owned()]);
    let ask = |redirect: &str| {
        format!(
            "/oauth2/authorize?response_type=code&client_id=legacy&scope=openid\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
             &code_challenge_method=S256&redirect_uri={}",
            urlencode(redirect)
        )
    };
    let cookie = browser_login(&app, &Person::new()).await;
    let response = app
        .get_with_cookie(&ask("https://app.example.com/c\tb"), &cookie)
        .await;
    assert_eq!(response.status(), 400);
    let response = app.get_with_cookie(&ask(REDIRECT), &cookie).await;
    assert_eq!(response.status(), 302);
    assert!(location(&response).as_str().starts_with(REDIRECT));
}
