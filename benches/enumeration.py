#!/usr/bin/env python3
"""Known vs unknown identifiers: median latency of the endpoints that must not reveal whether
an account exists (forgot-password, resend-verification, SMS- and email-code requests, password login).

Starts the release build on 127.0.0.1 with a fresh SQLite database (or DATABASE_URL), creates
N accounts, then alternates known and unknown requests (N each, one keep-alive connection) and
prints the medians and their ratio. Each request carries its own X-Forwarded-For address (the
server trusts 127.0.0.1 as a proxy here) and its own identifier, so no rate limit is hit and
both sides do their normal work.

    python3 benches/enumeration.py            # N = 200
    N=400 python3 benches/enumeration.py
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

N = int(os.environ.get("N", "200"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "latch")


def start():
    work = tempfile.mkdtemp(prefix="latch-enum-")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LATCH_ADDR": "127.0.0.1:0",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite://{work}/latch.db"),
        "TRUSTED_PROXIES": "127.0.0.1",
        "RUST_LOG": "warn",
    }
    log = open(os.path.join(work, "out.log"), "w+")
    server = subprocess.Popen([BIN], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    for _ in range(100):
        log.seek(0)
        match = re.search(r"listening on http://([\d.]+):(\d+)", log.read())
        if match:
            return server, match.group(1), int(match.group(2))
        time.sleep(0.1)
    server.kill()
    sys.exit("the server did not start")


class Client:
    def __init__(self, host, port):
        self.conn = http.client.HTTPConnection(host, port)
        self.hop = 0

    def post(self, path, body):
        self.hop += 1
        forwarded = f"10.{(self.hop >> 16) & 255}.{(self.hop >> 8) & 255}.{self.hop & 255}"
        headers = {"content-type": "application/json", "x-forwarded-for": forwarded}
        started = time.perf_counter()
        self.conn.request("POST", path, json.dumps(body), headers)
        response = self.conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: LATCH_PROFILE=release bash .ci/serve, or bash .ci/test")
    server, host, port = start()
    try:
        client = Client(host, port)
        tag = str(int(time.time()))
        people = []
        for i in range(N):
            person = {
                "first_name": "Enum",
                "last_name": "Bench",
                "email": f"known.{tag}.{i}@example.com",
                "phone": f"+1201555{i:04d}",
                "password": "benchmarking is fun 42",
            }
            status, _ = client.post("/api/v1/register", person)
            assert status == 201, status
            people.append(person)
        registered_at = time.time()

        cases = [
            ("POST /api/v1/password/forgot", "/api/v1/password/forgot",
             lambda p: {"email": p["email"]}, lambda i: {"email": f"unknown.{tag}.{i}@example.com"}),
            ("POST /api/v1/login/otp", "/api/v1/login/otp",
             lambda p: {"phone": p["phone"]}, lambda i: {"phone": f"+1202555{i:04d}"}),
            ("POST /api/v1/login/email-code", "/api/v1/login/email-code",
             lambda p: {"email": p["email"]}, lambda i: {"email": f"stranger.{tag}.{i}@example.com"}),
            ("POST /api/v1/login/password", "/api/v1/login/password",
             lambda p: {"identifier": p["email"], "password": "not the password"},
             lambda i: {"identifier": f"unknown.{tag}.{i}@example.com", "password": "not the password"}),
            # Last: the verification email sent at registration holds a 60 s cooldown.
            ("POST /api/v1/email/verify/resend", "/api/v1/email/verify/resend",
             lambda p: {"email": p["email"]}, lambda i: {"email": f"nobody.{tag}.{i}@example.com"}),
        ]
        rows = []
        for name, path, known_body, unknown_body in cases:
            if path.endswith("/resend"):
                time.sleep(max(0.0, registered_at + 61 - time.time()))
            known, unknown, statuses = [], [], set()
            for i, person in enumerate(people):
                status_k, ms_k = client.post(path, known_body(person))
                status_u, ms_u = client.post(path, unknown_body(i))
                statuses.add((status_k, status_u))
                known.append(ms_k)
                unknown.append(ms_u)
            assert all(k == u for k, u in statuses), f"{name}: statuses differ {statuses}"
            mk, mu = statistics.median(known), statistics.median(unknown)
            rows.append((name, sorted(statuses)[0][0], mk, mu, mu / mk))

        database = os.environ.get("DATABASE_URL", "sqlite").split(":")[0]
        print(f"Known vs unknown, {N} requests each, database {database}\n")
        print("| endpoint | status (both) | median known | median unknown | unknown / known |")
        print("|---|---|---|---|---|")
        for name, status, mk, mu, ratio in rows:
            print(f"| `{name}` | {status} | {mk:.2f} ms | {mu:.2f} ms | {ratio:.3f} |")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
