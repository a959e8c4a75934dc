// A small relying party on its own origin (RP_PORT, default 3198), for the OpenID Connect
// browser test: it sends the browser to Latch's authorization endpoint with state, nonce and
// PKCE, exchanges the code at the token endpoint with its client secret, verifies the id_token
// (RS256 signature against Latch's JWKS, issuer, audience, expiry, nonce) and shows the email.
//   POST /configure  ← {"issuer", "client_id", "client_secret"} (each test worker registers an
//                      app of its own; the RP keeps them all, by client id)
//   GET  /?client=ID → a page with "Log in with Latch" as that app
//   GET  /login?client=ID[&prompt=login][&max_age=N] → 302 to Latch; with either, the
//                      callback checks that the id_token's auth_time is recent enough
//   GET  /callback   → the verified email, or the error
//   GET  /health     → ok
import http from "node:http";
import crypto from "node:crypto";

const port = Number(process.env.RP_PORT ?? 3198);
const origin = `http://127.0.0.1:${port}`;
const configs = new Map();
const pending = new Map();

const b64url = (buffer) => Buffer.from(buffer).toString("base64url");

function page(res, status, body) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html><head><title>Test app</title></head><body>${body}</body></html>`);
}

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function discovery(config) {
  const response = await fetch(`${config.issuer}/.well-known/openid-configuration`);
  return response.json();
}

async function verifyIdToken(idToken, nonce, meta, config) {
  const [head, body, signature] = idToken.split(".");
  const header = JSON.parse(Buffer.from(head, "base64url"));
  const claims = JSON.parse(Buffer.from(body, "base64url"));
  if (header.alg !== "RS256") throw new Error(`unexpected alg ${header.alg}`);
  const jwks = await (await fetch(meta.jwks_uri)).json();
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error("unknown signing key");
  const key = crypto.createPublicKey({ key: jwk, format: "jwk" });
  const valid = crypto.verify("sha256", Buffer.from(`${head}.${body}`), key, Buffer.from(signature, "base64url"));
  if (!valid) throw new Error("bad signature");
  if (claims.iss !== config.issuer) throw new Error("wrong issuer");
  if (claims.aud !== config.client_id) throw new Error("wrong audience");
  if (claims.exp * 1000 < Date.now()) throw new Error("expired");
  if (claims.nonce !== nonce) throw new Error("wrong nonce");
  return claims;
}

async function handle(req, res) {
  const url = new URL(req.url, origin);
  if (url.pathname === "/health") return page(res, 200, "ok");
  if (url.pathname === "/configure" && req.method === "POST") {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const config = JSON.parse(raw);
    configs.set(config.client_id, config);
    return page(res, 200, "configured");
  }
  const client = url.searchParams.get("client");
  if (url.pathname === "/") {
    if (!configs.has(client)) return page(res, 404, "unknown client");
    return page(res, 200, `<h1>Test app</h1><a href="/login?client=${escape(client)}">Log in with Latch</a>`);
  }
  if (url.pathname === "/login") {
    const config = configs.get(client);
    if (!config) return page(res, 404, "unknown client");
    const meta = await discovery(config);
    const state = b64url(crypto.randomBytes(16));
    const nonce = b64url(crypto.randomBytes(16));
    const verifier = b64url(crypto.randomBytes(32));
    const prompt = url.searchParams.get("prompt");
    const maxAge = url.searchParams.get("max_age");
    pending.set(state, { nonce, verifier, config, prompt, maxAge, askedAt: Date.now() / 1000 });
    const to = new URL(meta.authorization_endpoint);
    const extra = {};
    if (prompt) extra.prompt = prompt;
    if (maxAge) extra.max_age = maxAge;
    to.search = new URLSearchParams({
      ...extra,
      response_type: "code",
      client_id: config.client_id,
      redirect_uri: `${origin}/callback`,
      scope: "openid email profile",
      state,
      nonce,
      code_challenge: b64url(crypto.createHash("sha256").update(verifier).digest()),
      code_challenge_method: "S256",
    }).toString();
    res.writeHead(302, { location: to.toString() });
    return res.end();
  }
  if (url.pathname === "/callback") {
    const error = url.searchParams.get("error");
    if (error) return page(res, 400, `<h1>Login failed</h1><p id="error">${escape(error)}</p>`);
    const state = url.searchParams.get("state");
    const flow = pending.get(state);
    if (!flow) return page(res, 400, `<h1>Login failed</h1><p id="error">unknown state</p>`);
    pending.delete(state);
    const config = flow.config;
    if (url.searchParams.get("iss") !== config.issuer) return page(res, 400, `<p id="error">wrong iss</p>`);
    const meta = await discovery(config);
    const response = await fetch(meta.token_endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${config.client_id}:${config.client_secret}`).toString("base64")}`,
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: url.searchParams.get("code"),
        redirect_uri: `${origin}/callback`,
        code_verifier: flow.verifier,
      }),
    });
    const tokens = await response.json();
    if (!response.ok) return page(res, 400, `<p id="error">${escape(tokens.error)}</p>`);
    try {
      const claims = await verifyIdToken(tokens.id_token, flow.nonce, meta, config);
      // OpenID Connect Core §3.1.2.1: with prompt=login the login must be new; with max_age,
      // no older than that (a second of clock rounding allowed).
      if (flow.prompt === "login" && claims.auth_time < Math.floor(flow.askedAt)) {
        throw new Error("prompt=login, but the login is older than the request");
      }
      if (flow.maxAge !== null && claims.auth_time + Number(flow.maxAge) + 1 < Date.now() / 1000 - 5) {
        throw new Error("the login is older than max_age");
      }
      return page(
        res,
        200,
        `<h1>Signed in</h1><p>Signed in as <strong id="email">${escape(claims.email)}</strong> ` +
          `(${claims.email_verified ? "verified" : "unverified"}), ${escape(claims.given_name)}</p>`,
      );
    } catch (e) {
      return page(res, 400, `<p id="error">${escape(e.message)}</p>`);
    }
  }
  return page(res, 404, "not found");
}

http
  .createServer((req, res) => {
    handle(req, res).catch((e) => page(res, 500, `<p id="error">${escape(e.message)}</p>`));
  })
  .listen(port, "127.0.0.1", () => console.log(`relying party on ${origin}`));
