// Shared steps for the browser tests: unique people, and reading codes from the sink.
import { expect } from "@playwright/test";

const sink = `http://127.0.0.1:${process.env.SINK_HTTP_PORT ?? 3199}`;

let counter = 0;

export function newPerson() {
  counter += 1;
  const id = `${Date.now().toString(36)}${process.pid}${counter}`;
  // Unique within a run (each run has a fresh database): the worker's index and a counter.
  const worker = Number(process.env.TEST_WORKER_INDEX ?? 0) % 10;
  const digits = String(worker * 10000 + counter).padStart(5, "0");
  return {
    firstName: "Ada",
    lastName: "Lovelace",
    email: `ada.${id}@example.com`,
    phone: `+120155${digits}`,
    password: "analytical engine 1843",
  };
}

/** Waits for the `count`-th email to `address` and returns the 6-digit code in it. */
export function emailedCode(address, count = 1) {
  return emailed(address, /code is (\d{6})/, count, "a code");
}

/** Waits for the `count`-th email to `address` and returns the first link in it. */
export function emailedLink(address, count = 1) {
  return emailed(address, /(https?:\/\/\S+)/, count, "a link");
}

/** Waits for the `count`-th email to `address` and returns the first group `pattern` finds. */
async function emailed(address, pattern, count, what) {
  let found;
  await expect
    .poll(
      async () => {
        const response = await fetch(`${sink}/emails?to=${encodeURIComponent(address)}`);
        const emails = await response.json();
        if (emails.length < count) return undefined;
        found = (emails[count - 1].text.match(pattern) ?? [])[1];
        return found;
      },
      { message: `${what} emailed to ${address}` },
    )
    .toBeDefined();
  return found;
}

/** With JavaScript on, waits until the page has hydrated, so clicks go through Leptos. */
export async function hydrated(page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

/** Waits for the `count`-th SMS to `number` and returns the 6-digit code in it. */
export async function textedCode(number, count = 1) {
  let code;
  await expect
    .poll(
      async () => {
        const response = await fetch(`${sink}/sms?to=${encodeURIComponent(number)}`);
        const messages = await response.json();
        if (messages.length < count) return undefined;
        code = (messages[count - 1].body.match(/code is (\d{6})/) ?? [])[1];
        return code;
      },
      { message: `a code texted to ${number}` },
    )
    .toMatch(/^\d{6}$/);
  return code;
}

/** Registers a person through the API and verifies their email, ready to log in. `changes`
 * replace fields of a new person (an email on LATCH_ADMIN_EMAILS, a name to search for). */
export async function registeredPerson(request, changes = {}) {
  const person = { ...newPerson(), ...changes };
  const created = await request.post("/api/v1/register", {
    data: {
      first_name: person.firstName,
      last_name: person.lastName,
      email: person.email,
      phone: person.phone,
      password: person.password,
    },
  });
  expect(created.status()).toBe(201);
  const code = await emailedCode(person.email);
  const verified = await request.post("/api/v1/email/verify", { data: { email: person.email, code } });
  expect(verified.status()).toBe(200);
  return person;
}

export const sinkUrl = sink;
