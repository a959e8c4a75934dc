// What a first visit to a hosted page moves over the wire, as Chromium counts it (CDP's
// encodedDataLength: headers and compressed bodies), with JavaScript on and off.
//
//   node benches/page_weight.mjs http://127.0.0.1:3000 /login /register
//
// Prints one line per page and mode: `page js bytes requests scripts`, where `scripts` counts
// the JavaScript and WebAssembly responses. Run from end2end/'s node_modules (benches/run.sh
// does); Chromium is Debian's, as in the browser tests.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.resolve("end2end/package.json"));
const { chromium } = require("@playwright/test");

const [base, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium" });
try {
  for (const page of pages) {
    for (const javaScriptEnabled of [true, false]) {
      // A fresh context each time: nothing cached, a first visit.
      const context = await browser.newContext({ javaScriptEnabled });
      const tab = await context.newPage();
      const cdp = await context.newCDPSession(tab);
      await cdp.send("Network.enable");
      const types = new Map();
      let bytes = 0;
      let requests = 0;
      cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.response.mimeType));
      cdp.on("Network.loadingFinished", (e) => {
        bytes += e.encodedDataLength;
        requests += 1;
      });
      await tab.goto(base + page, { waitUntil: "networkidle" });
      const scripts = [...types.values()].filter((t) => /javascript|wasm/.test(t)).length;
      console.log(`${page} ${javaScriptEnabled ? "on" : "off"} ${bytes} ${requests} ${scripts}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
}
