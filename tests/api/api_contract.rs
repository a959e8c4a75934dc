//! The parts of docs/API.md every endpoint shares: the error shape for bad requests,
//! 404/405/413 as JSON, health checks and the OpenAPI document.
use crate::support::{Db, Person, TestApp, error_code};
use serde_json::{Value, json};

db_tests!(
    malformed_json_is_400_bad_request,
    bodies_over_64_kib_are_413,
    unknown_api_paths_and_methods_answer_in_json,
    health_and_readiness_answer,
    openapi_documents_every_api_route,
    pages_carry_security_headers,
);

async fn malformed_json_is_400_bad_request(db: Db) {
    let app = TestApp::spawn(&db).await;
    let cases: Vec<(&str, Option<&str>)> = vec![
        ("{\"email\": ", Some("application/json")),
        ("[1, 2, 3]", Some("application/json")),
        (
            "{\"email\": 42, \"first_name\": \"Ada\"}",
            Some("application/json"),
        ),
        ("{\"email\": \"a@example.com\"}", None),
        ("not json at all", Some("application/json")),
    ];
    for path in [
        "/api/v1/register",
        "/api/v1/email/verify",
        "/api/v1/email/verify/resend",
    ] {
        for (body, content_type) in &cases {
            let mut request = app.client.post(app.url(path)).body(body.to_string());
            if let Some(ct) = content_type {
                request = request.header("content-type", *ct);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.headers()["content-type"],
                "application/json",
                "{path} {body}"
            );
            let (status, body_json) = error_code(response).await;
            assert_eq!(status, 400, "{path} {body}");
            assert_eq!(body_json["error"]["code"], "bad_request", "{path} {body}");
            assert!(
                body_json["error"]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty())
            );
            assert!(body_json["error"].get("fields").is_none());
        }
    }
}

/// The server answers 413 without reading the rest of the body and then closes the
/// connection, so the client may see the reset before it reads the answer's body; status and
/// headers always arrive, the JSON body is checked whenever it does.
/// Sends an oversized request on a fresh connection. The server answers 413 without reading
/// the rest of the body and closes the connection, so the client can see the reset before it
/// reads the answer; such an attempt is repeated (a few times at most), never counted as a pass.
async fn send_oversized(
    app: &TestApp,
    build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
) -> reqwest::Response {
    for _ in 0..5 {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("client");
        let sent = tokio::time::timeout(std::time::Duration::from_secs(15), build(&client).send())
            .await
            .expect("an oversized body is answered, not left hanging");
        if let Ok(response) = sent {
            return response;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = app;
    panic!("five oversized requests in a row got no answer at all");
}

async fn assert_payload_too_large(response: reqwest::Response) {
    assert_eq!(response.status(), 413);
    assert_eq!(response.headers()["content-type"], "application/json");
    if let Ok(body) = response.json::<Value>().await {
        assert_eq!(body["error"]["code"], "payload_too_large");
    }
}

async fn bodies_over_64_kib_are_413(db: Db) {
    let app = TestApp::spawn(&db).await;
    let mut input = Person::new().json();
    input["first_name"] = json!("x".repeat(70 * 1024));
    let url = app.url("/api/v1/register");
    let response = send_oversized(&app, |client| client.post(&url).json(&input)).await;
    assert_payload_too_large(response).await;

    // The same without a Content-Length: the limit holds while streaming too.
    let response = send_oversized(&app, |client| {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
            Ok(b"{\"first_name\": \"".to_vec()),
            Ok(vec![b'x'; 70 * 1024]),
            Ok(b"\"}".to_vec()),
        ];
        client
            .post(&url)
            .header("content-type", "application/json")
            .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
    })
    .await;
    assert_payload_too_large(response).await;

    // Just under the limit is an ordinary validation error (on a connection of its own).
    input["first_name"] = json!("x".repeat(60 * 1024));
    let fresh = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let (status, _) = error_code(fresh.post(&url).json(&input).send().await.unwrap()).await;
    assert_eq!(status, 422);
}

async fn unknown_api_paths_and_methods_answer_in_json(db: Db) {
    let app = TestApp::spawn(&db).await;
    for path in ["/api/v1/nope", "/api/v2/register", "/api/v1/register/extra"] {
        let (status, body) = error_code(app.get(path).await).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (404, Some("not_found")),
            "{path}"
        );
    }
    let (status, body) = error_code(app.get("/api/v1/register").await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
    let response = app
        .client
        .delete(app.url("/api/v1/email/verify"))
        .send()
        .await
        .unwrap();
    let (status, body) = error_code(response).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
    // A method no route takes is routing's to answer, not the same-origin rule's: TRACE
    // anywhere, and a write to the health checks, discovery or the OAuth endpoints (served by
    // the API router) without a cookie.
    for (method, path) in [
        (reqwest::Method::TRACE, "/healthz"),
        (reqwest::Method::TRACE, "/readyz"),
        (reqwest::Method::TRACE, "/api/v1/session"),
        (reqwest::Method::PUT, "/healthz"),
        (reqwest::Method::POST, "/readyz"),
        (reqwest::Method::PUT, "/.well-known/openid-configuration"),
        (reqwest::Method::DELETE, "/oauth2/jwks"),
        (reqwest::Method::PUT, "/oauth2/token"),
        (reqwest::Method::DELETE, "/oauth2/userinfo"),
    ] {
        let response = app
            .client
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        let (status, body) = error_code(response).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (405, Some("method_not_allowed")),
            "{method} {path}"
        );
    }
}

async fn health_and_readiness_answer(db: Db) {
    let app = TestApp::spawn(&db).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ready");

    // With the database closed, readiness says so and liveness does not care.
    // `close` refuses new connections at once, then waits for lent ones to come back; the
    // wait is not what this test is about, so it is bounded.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), app.store.close()).await;
    let (status, body) = error_code(app.get("/readyz").await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (503, Some("unavailable"))
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
}

async fn openapi_documents_every_api_route(db: Db) {
    let app = TestApp::spawn(&db).await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "OpenAPI 3.1"
    );
    let paths = doc["paths"].as_object().unwrap();

    // Every endpoint of docs/API.md built so far, with its method.
    for (method, path) in [
        ("post", "/api/v1/register"),
        ("post", "/api/v1/email/verify"),
        ("post", "/api/v1/email/verify/resend"),
        ("post", "/api/v1/login/otp"),
        ("post", "/api/v1/login/otp/verify"),
        ("post", "/api/v1/login/password"),
        ("get", "/api/v1/session"),
        ("delete", "/api/v1/session"),
        ("get", "/api/v1/sessions"),
        ("delete", "/api/v1/sessions/{id}"),
        ("post", "/api/v1/password/forgot"),
        ("post", "/api/v1/password/reset"),
        ("get", "/api/v1/me"),
        ("patch", "/api/v1/me"),
        ("post", "/api/v1/me/email/confirm"),
        ("post", "/api/v1/me/phone/confirm"),
        ("post", "/api/v1/me/password"),
        ("get", "/api/v1/admin/users"),
        ("get", "/api/v1/admin/users/{id}"),
        ("put", "/api/v1/admin/users/{id}/roles"),
        ("post", "/api/v1/admin/users/{id}/disable"),
        ("post", "/api/v1/admin/users/{id}/enable"),
        ("delete", "/api/v1/admin/users/{id}/sessions"),
        ("post", "/api/v1/admin/users/{id}/verification/resend"),
        ("get", "/api/v1/admin/audit"),
        ("get", "/healthz"),
        ("get", "/readyz"),
    ] {
        let operation = &paths[path][method];
        assert!(operation.is_object(), "{method} {path} is documented");
        if method == "post" {
            assert!(
                operation["requestBody"].is_object(),
                "{path} documents its body"
            );
            assert!(
                operation["responses"]["400"].is_object(),
                "{path} documents errors"
            );
        }
    }

    // And every documented operation is really served: none answers "no such route".
    for (path, item) in paths {
        let path = &path.replace("{id}", "00000000-0000-0000-0000-000000000000");
        for method in item.as_object().unwrap().keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = app
                .client
                .request(method.clone(), app.url(path))
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or_default();
            assert!(
                status != 405 && !(status == 404 && body["error"]["message"] == "no such endpoint"),
                "{method} {path} is documented but not routed"
            );
        }
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

async fn pages_carry_security_headers(db: Db) {
    let app = TestApp::spawn(&db).await;
    for path in ["/", "/signup", "/verify-email", "/api/openapi.json"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
        // Read every answer to its end: a whole page, not just its headers, must arrive.
        assert!(!response.text().await.unwrap().is_empty(), "{path}");
    }
    for path in ["/signup", "/verify-email?email=ada@example.com"] {
        let response = app.get(path).await;
        assert_eq!(
            response.headers()["cache-control"],
            "no-store",
            "{path} may show personal data"
        );
        assert!(response.text().await.unwrap().contains("</html>"), "{path}");
    }
    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("Page not found"));
}

mod reset_page {
    use super::*;

    db_tests!(the_reset_page_sends_no_referrer_and_is_not_cached);

    async fn the_reset_page_sends_no_referrer_and_is_not_cached(db: Db) {
        let app = TestApp::spawn(&db).await;
        let response = app.get("/reset-password?token=abc").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert!(response.text().await.unwrap().contains("</html>"));
        let other = app.get("/forgot-password").await;
        assert_eq!(
            other.headers()["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
    }
}

/// The contract as apps see it, checked in: any change to the document shows up in review as a
/// change to `docs/openapi.json`. After an intended change, regenerate it with
/// `LATCH_BLESS_OPENAPI=1 cargo test --features ssr --test api the_openapi_document_is_the_checked_in_one`.
#[test]
fn the_openapi_document_is_the_checked_in_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/openapi.json");
    let served = serde_json::to_value(latch::api::openapi()).unwrap();
    if std::env::var_os("LATCH_BLESS_OPENAPI").is_some() {
        let text = serde_json::to_string_pretty(&served).unwrap();
        std::fs::write(&path, text + "\n").unwrap();
    }
    let checked_in: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).expect("docs/openapi.json is missing: see this test's doc"),
    )
    .unwrap();
    assert!(
        served == checked_in,
        "the OpenAPI document differs from docs/openapi.json; if the change is intended, \
         regenerate it with LATCH_BLESS_OPENAPI=1 (see this test's comment)"
    );
}
