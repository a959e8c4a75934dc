// The site's browser half, from the islands' compiled WASM: what `cargo leptos build --release`
// does after its cargo builds, with tools from npm and the wasm-bindgen CLI (.ci/lib.sh installs
// them). Called by `build_site` in .ci/lib.sh:
//
//   node .ci/site.mjs --wasm target/wasm32-unknown-unknown/wasm-release/latch.wasm \
//     --site target/site --hash-file target/release/hash.txt
//
// 1. wasm-bindgen --target web: the JS glue and the WASM it loads;
// 2. wasm-opt -Oz (binaryen 132; Debian's 108 breaks hydration);
// 3. esbuild minifies the JS glue and style/main.css (cargo-leptos uses swc and lightningcss);
// 4. each file is named `latch.<hash>.<ext>`, the hash being the base64url MD5 of its content
//    as cargo-leptos makes it, and `hash.txt` beside the server binary lists them
//    (src/assets.rs reads it);
// 5. public/ is copied to the site's root.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
for (const needed of ["wasm", "site", "hash-file"]) {
  if (!args[needed]) throw new Error(`--${needed} is required`);
}
const bin = (name) => path.join(root, "end2end", "node_modules", ".bin", name);
const run = (command, argv) => execFileSync(command, argv, { stdio: ["ignore", "inherit", "inherit"] });

const work = fs.mkdtempSync(path.join(os.tmpdir(), "latch-site-"));
try {
  run("wasm-bindgen", ["--target=web", "--out-name=latch", `--out-dir=${work}`, args.wasm]);
  const wasm = path.join(work, "latch_bg.wasm");
  run(bin("wasm-opt"), ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", wasm, "-o", wasm]);
  run(bin("esbuild"), [path.join(work, "latch.js"), "--minify", "--format=esm", "--log-level=warning",
    `--outfile=${path.join(work, "latch.min.js")}`]);
  run(bin("esbuild"), [path.join(root, "style", "main.css"), "--minify", "--log-level=warning",
    `--outfile=${path.join(work, "latch.min.css")}`]);

  const pkg = path.join(args.site, "pkg");
  fs.rmSync(pkg, { recursive: true, force: true });
  fs.mkdirSync(pkg, { recursive: true });
  const hash = (bytes) => crypto.createHash("md5").update(bytes).digest("base64url");
  const wasmBytes = fs.readFileSync(wasm);
  const wasmHash = hash(wasmBytes);
  // The glue's default path to its WASM names the unhashed file; the page passes the hashed
  // one, and the default follows it too.
  const js = fs.readFileSync(path.join(work, "latch.min.js"), "utf8").replaceAll("latch_bg.wasm", `latch.${wasmHash}.wasm`);
  const css = fs.readFileSync(path.join(work, "latch.min.css"));
  const hashes = { js: hash(js), wasm: wasmHash, css: hash(css) };
  fs.writeFileSync(path.join(pkg, `latch.${hashes.js}.js`), js);
  fs.writeFileSync(path.join(pkg, `latch.${hashes.wasm}.wasm`), wasmBytes);
  fs.writeFileSync(path.join(pkg, `latch.${hashes.css}.css`), css);
  if (fs.existsSync(path.join(work, "snippets"))) {
    fs.cpSync(path.join(work, "snippets"), path.join(pkg, "snippets"), { recursive: true });
  }
  fs.cpSync(path.join(root, "public"), args.site, { recursive: true });
  fs.mkdirSync(path.dirname(args["hash-file"]), { recursive: true });
  fs.writeFileSync(args["hash-file"], `js: ${hashes.js}\nwasm: ${hashes.wasm}\ncss: ${hashes.css}\n`);
  for (const [kind, h] of Object.entries(hashes)) {
    const size = fs.statSync(path.join(pkg, `latch.${h}.${kind}`)).size;
    console.error(`  pkg/latch.${h}.${kind}  ${size} bytes`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
