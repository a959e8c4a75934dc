// Passkeys on the hosted pages: "Sign in with a passkey" (and the browser's passkey autofill)
// on /login, "Add a passkey" on /account/security, "Use a passkey" on /account/confirm. Both speak to the JSON API; without this script (or
// where the browser has no WebAuthn) the buttons stay hidden and the other ways stay.

const b64 = {
  decode(text) {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)).buffer;
  },
  encode(buffer) {
    const bytes = new Uint8Array(buffer);
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  },
};

function creationOptions(options) {
  const publicKey = structuredClone(options.publicKey);
  publicKey.challenge = b64.decode(publicKey.challenge);
  publicKey.user.id = b64.decode(publicKey.user.id);
  for (const c of publicKey.excludeCredentials ?? []) c.id = b64.decode(c.id);
  return { publicKey };
}

function requestOptions(options) {
  const publicKey = structuredClone(options.publicKey);
  publicKey.challenge = b64.decode(publicKey.challenge);
  for (const c of publicKey.allowCredentials ?? []) c.id = b64.decode(c.id);
  return { publicKey };
}

function created(credential) {
  const r = credential.response;
  return {
    id: credential.id,
    rawId: b64.encode(credential.rawId),
    type: credential.type,
    response: {
      attestationObject: b64.encode(r.attestationObject),
      clientDataJSON: b64.encode(r.clientDataJSON),
      transports: r.getTransports ? r.getTransports() : undefined,
    },
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

function asserted(credential) {
  const r = credential.response;
  return {
    id: credential.id,
    rawId: b64.encode(credential.rawId),
    type: credential.type,
    response: {
      authenticatorData: b64.encode(r.authenticatorData),
      clientDataJSON: b64.encode(r.clientDataJSON),
      signature: b64.encode(r.signature),
      userHandle: r.userHandle ? b64.encode(r.userHandle) : null,
    },
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = response.status === 204 ? {} : await response.json();
  if (!response.ok) {
    const error = new Error(answer?.error?.message ?? "Something went wrong. Please try again.");
    error.code = answer?.error?.code;
    throw error;
  }
  return answer;
}

// An alert only while it says something: an empty one would be announced (and found) as one.
function say(container, message) {
  const place = container.querySelector("[data-passkey-error]");
  if (!place) return;
  place.textContent = message;
  if (message) place.setAttribute("role", "alert");
  else place.removeAttribute("role");
}

// A cancelled dialog is the person's choice, not an error to show.
function cancelled(error) {
  return error?.name === "NotAllowedError" || error?.name === "AbortError";
}

async function logIn(container, mediation, signal) {
  const options = await post("/api/v1/login/passkey/start");
  const request = requestOptions(options);
  if (mediation) request.mediation = mediation;
  if (signal) request.signal = signal;
  const credential = await navigator.credentials.get(request);
  if (!credential) return;
  await post("/api/v1/login/passkey/finish", { credential: asserted(credential) });
  // The server decides where the login leads (return_to is checked there).
  document.querySelector("form[data-passkey-continue]").submit();
}

function setUpLogin(container) {
  container.hidden = false;
  let autofill = null;
  // Passkeys offered in the identifier field's autofill, where the browser can.
  if (PublicKeyCredential.isConditionalMediationAvailable) {
    PublicKeyCredential.isConditionalMediationAvailable().then((available) => {
      if (!available) return;
      autofill = new AbortController();
      logIn(container, "conditional", autofill.signal).catch((error) => {
        if (!cancelled(error)) say(container, error.message);
      });
    });
  }
  container.querySelector("button").addEventListener("click", () => {
    say(container, "");
    // One WebAuthn request at a time: the autofill's waits no longer.
    autofill?.abort();
    autofill = null;
    logIn(container).catch((error) => {
      say(container, cancelled(error) ? "No passkey was chosen." : error.message);
    });
  });
}

function setUpRegistration(form) {
  form.hidden = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(form, "");
    const name = form.elements.name.value.trim();
    if (!name) {
      say(form, "Give the passkey a name.");
      return;
    }
    try {
      const options = await post("/api/v1/me/passkeys/register/start");
      const credential = await navigator.credentials.create(creationOptions(options));
      await post("/api/v1/me/passkeys/register/finish", { name, credential: created(credential) });
      window.location.assign("/account/security?done=passkey");
    } catch (error) {
      // The page was opened a while ago: "Confirm it's you" first, then back here.
      if (error.code === "reauthentication_required" || error.code === "second_factor_required") {
        window.location.assign("/account/confirm?return_to=%2Faccount%2Fsecurity");
        return;
      }
      say(form, cancelled(error) ? "The passkey was not created." : error.message);
    }
  });
}

function setUpConfirm(container) {
  container.hidden = false;
  container.querySelector("button").addEventListener("click", async () => {
    say(container, "");
    try {
      const options = await post("/api/v1/me/confirm/passkey/start");
      const credential = await navigator.credentials.get(requestOptions(options));
      if (!credential) return;
      await post("/api/v1/me/confirm/passkey/finish", { credential: asserted(credential) });
      // An account page, chosen by the server when it drew this one.
      window.location.assign(container.dataset.returnTo);
    } catch (error) {
      say(container, cancelled(error) ? "No passkey was chosen." : error.message);
    }
  });
}

if (window.PublicKeyCredential && navigator.credentials) {
  const login = document.querySelector("[data-passkey-login]");
  if (login) setUpLogin(login);
  const registration = document.querySelector("form[data-passkey-register]");
  if (registration) setUpRegistration(registration);
  const confirm = document.querySelector("[data-passkey-confirm]");
  if (confirm) setUpConfirm(confirm);
}
