// Browser tests against a real build of Latch (LATCH_BIN; .ci/test runs the tests' own build), a fresh SQLite database, and a local
// SMTP sink + SMS gateway stand-in. Chromium is Debian's (/usr/bin/chromium): Playwright's own
// browser download does not work on our machines.
import { defineConfig } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const latchPort = Number(process.env.E2E_LATCH_PORT ?? 3100);
// A second Latch on the same sinks, speaking only the pseudo-languages of test builds
// (tests/languages.spec.mjs).
const pseudoPort = Number(process.env.E2E_PSEUDO_PORT ?? 3101);
const smtpPort = Number(process.env.SINK_SMTP_PORT ?? 2525);
const sinkPort = Number(process.env.SINK_HTTP_PORT ?? 3199);
const rpPort = Number(process.env.RP_PORT ?? 3198);
const issuerPort = Number(process.env.ISSUER_PORT ?? 3197);
const issuerControlPort = Number(process.env.ISSUER_CONTROL_PORT ?? 3196);
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, "target");
const latchBin = process.env.LATCH_BIN ?? path.join(targetDir, "release", "latch");
// Set once by the runner; its workers inherit it, so tests reach the same database (the
// OpenID Connect test registers its app with `latch client add`).
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "latch-e2e-"));
const dataDir = process.env.E2E_DATA_DIR;
process.env.E2E_LATCH_BIN ??= latchBin;

export const urls = {
  // `localhost`, not an IP address: browsers accept no IP address as a WebAuthn relying party.
  latch: `http://localhost:${latchPort}`,
  pseudo: `http://localhost:${pseudoPort}`,
  sink: `http://127.0.0.1:${sinkPort}`,
  rp: `http://127.0.0.1:${rpPort}`,
  issuer: `http://127.0.0.1:${issuerPort}`,
  issuerControl: `http://127.0.0.1:${issuerControlPort}`,
};

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: urls.latch,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: "node support/sink.mjs",
      url: `${urls.sink}/health`,
      env: { SINK_SMTP_PORT: String(smtpPort), SINK_HTTP_PORT: String(sinkPort) },
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      command: "node support/rp.mjs",
      url: `${urls.rp}/health`,
      env: { RP_PORT: String(rpPort) },
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      command: "node support/issuer.mjs",
      url: `${urls.issuerControl}/health`,
      env: { ISSUER_PORT: String(issuerPort), ISSUER_CONTROL_PORT: String(issuerControlPort) },
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      command: latchBin,
      cwd: root,
      url: `${urls.latch}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: {
        LATCH_ADDR: `127.0.0.1:${latchPort}`,
        PUBLIC_URL: urls.latch,
        DATABASE_URL: `sqlite://${dataDir}/latch.db`,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        SMS_PROVIDER: "webhook",
        SMS_WEBHOOK_URL: `${urls.sink}/sms`,
        ALLOWED_RETURN_ORIGINS: urls.sink,
        LEPTOS_SITE_ROOT: path.join(root, "target", "site"),
        RUST_LOG: "warn",
        // Logging in through another provider (tests/providers.spec.mjs): a third-party
        // issuer, trusted for the addresses it vouches for.
        LATCH_PROVIDERS: "mockid",
        LATCH_PROVIDER_MOCKID_KIND: "oidc",
        LATCH_PROVIDER_MOCKID_NAME: "Mock ID",
        LATCH_PROVIDER_MOCKID_ISSUER: urls.issuer,
        LATCH_PROVIDER_MOCKID_CLIENT_ID: "latch-e2e",
        LATCH_PROVIDER_MOCKID_CLIENT_SECRET: "not checked by the mock",
        LATCH_PROVIDER_MOCKID_TRUST_EMAIL: "true",
        // The admin tests' admins (tests/admin.spec.mjs): admin once their address is verified.
        LATCH_ADMIN_EMAILS: "admin-js@example.com,admin-nojs@example.com,admin-widths@example.com",
        // Every browser test comes from 127.0.0.1: the per-address limits would otherwise
        // stop the suite after ten sign-ups. Per-account and per-number limits stay as shipped.
        LATCH_LIMIT_REGISTER_IP: "10000",
        LATCH_LIMIT_SMS_IP: "10000",
        LATCH_LIMIT_EMAIL_IP: "10000",
        LATCH_LIMIT_CODE_CHECK_IP: "10000",
        LATCH_LIMIT_PASSWORD_LOGIN_IP: "10000",
        LATCH_LIMIT_RESET_IP: "10000",
        LATCH_LIMIT_RESET_TOKEN_IP: "10000",
        LATCH_LIMIT_PASSKEY_REGISTER_IP: "10000",
      },
    },
    {
      command: latchBin,
      cwd: root,
      url: `${urls.pseudo}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: {
        LATCH_ADDR: `127.0.0.1:${pseudoPort}`,
        PUBLIC_URL: urls.pseudo,
        DATABASE_URL: `sqlite://${dataDir}/pseudo.db`,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        SMS_PROVIDER: "webhook",
        SMS_WEBHOOK_URL: `${urls.sink}/sms`,
        LEPTOS_SITE_ROOT: path.join(root, "target", "site"),
        RUST_LOG: "warn",
        LATCH_LOCALES: "en-XA,ar-XB",
      },
    },
  ],
});
