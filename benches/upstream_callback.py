#!/usr/bin/env python3
"""The callback of a login through another provider: its latency against a loopback issuer.

Starts the release build on 127.0.0.1 with a fresh SQLite database (or DATABASE_URL) and a
third-party OpenID Connect issuer on loopback (npm's oauth2-mock-server, end2end/support/
issuer.mjs, the browser tests' issuer), then makes N trips of each kind, one at a time:
`GET /auth/mockid` (its trip cookie), the issuer's authorize endpoint (a code at once), and
the timed `GET /auth/mockid/callback`, which takes the stored trip, exchanges the code at the
issuer's token endpoint, checks the id_token (RS256, issuer, audience, nonce, expiry) and
decides. Two kinds:

- new: an identity nobody here has (a fresh subject each time) with a proven address nobody
  has either; it waits in the browser session for /signup/complete;
- returning: one identity linked to an account (made once through /signup/complete); each
  callback logs it in (a session).

Prints the median, p90 and p99 of each kind, and of the issuer's own authorize answer.

    python3 benches/upstream_callback.py            # N = 300
    N=1000 python3 benches/upstream_callback.py
"""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

N = int(os.environ.get("N", "300"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("LATCH_BIN") or os.path.join(
    os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "latch")
ISSUER_PORT = int(os.environ.get("ISSUER_PORT", "3297"))
CONTROL_PORT = int(os.environ.get("ISSUER_CONTROL_PORT", "3296"))
# Fixed, so PUBLIC_URL (the origin the sign-up form's POST must come from) can name it.
LATCH_PORT = int(os.environ.get("LATCH_PORT", "3295"))


def wait_for(log, pattern):
    for _ in range(200):
        log.seek(0)
        match = re.search(pattern, log.read())
        if match:
            return match
        time.sleep(0.1)
    return None


def start(work):
    issuer_log = open(os.path.join(work, "issuer.log"), "w+")
    issuer = subprocess.Popen(
        ["node", "support/issuer.mjs"],
        cwd=os.path.join(ROOT, "end2end"),
        env={**os.environ, "ISSUER_PORT": str(ISSUER_PORT), "ISSUER_CONTROL_PORT": str(CONTROL_PORT)},
        stdout=issuer_log,
        stderr=subprocess.STDOUT,
    )
    if not wait_for(issuer_log, r"control on"):
        issuer.kill()
        sys.exit("the issuer did not start (cd end2end && npm ci)")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LATCH_ADDR": f"127.0.0.1:{LATCH_PORT}",
        "PUBLIC_URL": f"http://127.0.0.1:{LATCH_PORT}",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite://{work}/latch.db"),
        "RUST_LOG": "warn",
        "LATCH_PROVIDERS": "mockid",
        "LATCH_PROVIDER_MOCKID_KIND": "oidc",
        "LATCH_PROVIDER_MOCKID_ISSUER": f"http://127.0.0.1:{ISSUER_PORT}",
        "LATCH_PROVIDER_MOCKID_CLIENT_ID": "latch-bench",
        "LATCH_PROVIDER_MOCKID_CLIENT_SECRET": "not checked by the mock",
        "LATCH_PROVIDER_MOCKID_TRUST_EMAIL": "true",
        # One client address makes every trip here.
        "LATCH_LIMIT_UPSTREAM_IP": "1000000",
        "LATCH_LIMIT_REGISTER_IP": "1000000",
    }
    log = open(os.path.join(work, "out.log"), "w+")
    server = subprocess.Popen([BIN], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    match = wait_for(log, r"listening on http://([\d.]+):(\d+)")
    if not match:
        server.kill()
        issuer.kill()
        sys.exit("the server did not start")
    return issuer, server, match.group(1), int(match.group(2))


def request(conn, method, path, headers=None, body=None):
    started = time.perf_counter()
    conn.request(method, path, body, headers or {})
    response = conn.getresponse()
    response.read()
    return response, (time.perf_counter() - started) * 1000


def cookie(response, name):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";")[0]
    return None


class Bench:
    def __init__(self, host, port):
        self.base = f"http://{host}:{port}"
        self.latch = http.client.HTTPConnection(host, port)
        self.issuer = http.client.HTTPConnection("127.0.0.1", ISSUER_PORT)
        self.control = http.client.HTTPConnection("127.0.0.1", CONTROL_PORT)

    def signs_in(self, subject, email):
        claims = {"sub": subject, "email": email, "email_verified": True,
                  "given_name": "Bench", "family_name": "Mark"}
        response, _ = request(self.control, "POST", "/next", {"content-type": "application/json"},
                              json.dumps(claims))
        assert response.status == 204, response.status

    def trip(self):
        """One trip: where the callback sent the browser, its cookies, the callback's and the
        issuer's milliseconds."""
        begun, _ = request(self.latch, "GET", "/auth/mockid")
        assert begun.status == 303, begun.status
        trip = cookie(begun, "latch_trip")
        authorize = urllib.parse.urlsplit(begun.getheader("location"))
        granted, issuer_ms = request(self.issuer, "GET", f"{authorize.path}?{authorize.query}")
        assert granted.status == 302, granted.status
        back = urllib.parse.urlsplit(granted.getheader("location"))
        arrived, ms = request(self.latch, "GET", f"{back.path}?{back.query}", {"cookie": trip})
        assert arrived.status == 303, arrived.status
        return arrived.getheader("location"), cookie(arrived, "latch_session"), ms, issuer_ms


def summary(name, samples):
    samples = sorted(samples)
    p = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    return f"| {name} | {len(samples)} | {statistics.median(samples):.2f} ms | {p(0.90):.2f} ms | {p(0.99):.2f} ms |"


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release --features ssr --bin latch")
    work = tempfile.mkdtemp(prefix="latch-upstream-")
    issuer, server, host, port = start(work)
    try:
        bench = Bench(host, port)
        tag = str(int(time.time()))
        # Warm up: discovery and the issuer's keys are fetched once, then cached.
        bench.signs_in(f"warm-{tag}", f"warm.{tag}@example.com")
        bench.trip()

        new, issuer_ms = [], []
        for i in range(N):
            bench.signs_in(f"new-{tag}-{i}", f"new.{tag}.{i}@example.com")
            to, _, ms, at_issuer = bench.trip()
            assert to == "/signup/complete", to
            new.append(ms)
            issuer_ms.append(at_issuer)

        # One account, made through the sign-up page, then logged in N times.
        email = f"returning.{tag}@example.com"
        bench.signs_in(f"returning-{tag}", email)
        to, browser, _, _ = bench.trip()
        assert to == "/signup/complete", to
        form = urllib.parse.urlencode({"first_name": "Bench", "last_name": "Mark", "phone": "+12015550199"})
        done, _ = request(bench.latch, "POST", "/fn/complete_signup", {
            "cookie": browser, "origin": bench.base, "accept": "text/html",
            "content-type": "application/x-www-form-urlencoded"}, form)
        assert done.status == 302 and done.getheader("location") == "/account", done.status
        returning = []
        for _ in range(N):
            to, session, ms, _ = bench.trip()
            assert to == "/account" and session, to
            returning.append(ms)

        database = os.environ.get("DATABASE_URL", "sqlite").split(":")[0]
        print(f"Login through another provider, loopback issuer (oauth2-mock-server), database {database}\n")
        print("| what | n | median | p90 | p99 |")
        print("|---|---|---|---|---|")
        print(summary("callback, new identity (→ /signup/complete)", new))
        print(summary("callback, returning identity (→ session)", returning))
        print(summary("the issuer's authorize answer, for scale", issuer_ms))
    finally:
        server.terminate()
        issuer.terminate()
        server.wait()
        issuer.wait()


if __name__ == "__main__":
    main()
