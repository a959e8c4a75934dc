// The site's browser half, from the islands' compiled WASM: what `cargo leptos build --release`
// does after its cargo builds, with tools from npm and the wasm-bindgen CLI (.ci/lib.sh installs
// them). Called by `build_site` in .ci/lib.sh:
//
//   node .ci/site.mjs --wasm latch.wasm [--login-wasm login.wasm] \
//     --site target/site --hash-file target/release/hash.txt
//
// For each bundle (`latch`, every island; `login`, the login page's own, when given):
// 1. wasm-bindgen --target web: the JS glue and the WASM it loads;
// 2. wasm-opt -Oz (binaryen 132; Debian's 108 breaks hydration);
// 3. esbuild minifies the JS glue (and, once, style/main.css: cargo-leptos uses swc and
//    lightningcss);
// 4. each file is named `<bundle>.<hash>.<ext>`, the hash being the base64url MD5 of its content
//    as cargo-leptos makes it, and `hash.txt` beside the server binary lists them, with the
//    islands of the login bundle (src/assets.rs reads it);
// 5. each of them also as `.br` (Brotli, quality 11) and `.gz` (gzip, level 9), which the server
//    sends to a browser that accepts them: smaller than what it could compress on the fly;
// 6. public/ is copied to the site's root.
// Nothing is redone when the WASM, the stylesheet, public/ and this script are as they were for
// the site there: the hashes are written beside the binary again and that is all.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
for (const needed of ["wasm", "site", "hash-file"]) {
  if (!args[needed]) throw new Error(`--${needed} is required`);
}
const bundles = { latch: args.wasm };
if (args["login-wasm"]) bundles.login = args["login-wasm"];
const bin = (name) => path.join(root, "end2end", "node_modules", ".bin", name);
const run = (command, argv) => execFileSync(command, argv, { stdio: ["ignore", "inherit", "inherit"] });

// What the site is made from, as one hash.
const inputs = crypto.createHash("sha256");
const publicFiles = fs.readdirSync(path.join(root, "public"), { recursive: true }).sort();
for (const file of [...Object.values(bundles), path.join(root, "style", "main.css"), import.meta.filename,
  ...publicFiles.map((f) => path.join(root, "public", f))]) {
  if (fs.statSync(file).isFile()) inputs.update(file).update(fs.readFileSync(file));
}
const stamp = inputs.digest("hex");
const stampFile = path.join(args.site, ".built-from");
const hashesFile = path.join(args.site, ".hash.txt");
const writeHashFile = () => {
  fs.mkdirSync(path.dirname(args["hash-file"]), { recursive: true });
  fs.copyFileSync(hashesFile, args["hash-file"]);
};
// The files the last build wrote, to find them gone (another tool wrote the site since).
const listed = () =>
  fs.readFileSync(hashesFile, "utf8").split("\n").flatMap((line) => {
    const [key, value] = line.split(": ");
    const [bundle, ext] = key.includes(".") ? key.split(".") : ["latch", key];
    return ["js", "wasm", "css"].includes(ext) ? [path.join(args.site, "pkg", `${bundle}.${value}.${ext}`)] : [];
  });
if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp && fs.existsSync(hashesFile)
  && listed().every((file) => fs.existsSync(file))) {
  writeHashFile();
  console.error("  the site is up to date");
  process.exit(0);
}

const pkg = path.join(args.site, "pkg");
fs.rmSync(pkg, { recursive: true, force: true });
fs.mkdirSync(pkg, { recursive: true });
const hash = (bytes) => crypto.createHash("md5").update(bytes).digest("base64url");
const lines = [];
const written = [];
/** Writes `<name>.<hash>.<ext>` with its Brotli and gzip copies; returns the hash. */
const emit = (name, ext, bytes) => {
  const h = hash(bytes);
  const file = path.join(pkg, `${name}.${h}.${ext}`);
  fs.writeFileSync(file, bytes);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
  written.push(file);
  return h;
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), "latch-site-"));
try {
  for (const [name, input] of Object.entries(bundles)) {
    const out = path.join(work, name);
    run("wasm-bindgen", ["--target=web", `--out-name=${name}`, `--out-dir=${out}`, input]);
    const wasm = path.join(out, `${name}_bg.wasm`);
    run(bin("wasm-opt"), ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", wasm, "-o", wasm]);
    const glue = path.join(out, `${name}.js`);
    // The islands are the glue's exports named as components are (`LoginForm`).
    const islands = [...fs.readFileSync(glue, "utf8").matchAll(/^export function ([A-Z]\w*)\(/gm)].map((m) => m[1]);
    run(bin("esbuild"), [glue, "--minify", "--format=esm", "--log-level=warning", `--outfile=${glue}.min.js`]);
    const wasmHash = emit(name, "wasm", fs.readFileSync(wasm));
    // The glue's default path to its WASM names the unhashed file; the page passes the hashed
    // one, and the default follows it too.
    const js = fs.readFileSync(`${glue}.min.js`, "utf8").replaceAll(`${name}_bg.wasm`, `${name}.${wasmHash}.wasm`);
    const jsHash = emit(name, "js", Buffer.from(js));
    const prefix = name === "latch" ? "" : `${name}.`;
    lines.push(`${prefix}js: ${jsHash}`, `${prefix}wasm: ${wasmHash}`);
    if (name !== "latch") lines.push(`${prefix}islands: ${islands.join(",")}`);
    if (fs.existsSync(path.join(out, "snippets"))) {
      fs.cpSync(path.join(out, "snippets"), path.join(pkg, "snippets"), { recursive: true });
    }
  }
  run(bin("esbuild"), [path.join(root, "style", "main.css"), "--minify", "--log-level=warning",
    `--outfile=${path.join(work, "latch.min.css")}`]);
  lines.push(`css: ${emit("latch", "css", fs.readFileSync(path.join(work, "latch.min.css")))}`);
  fs.cpSync(path.join(root, "public"), args.site, { recursive: true });
  fs.writeFileSync(hashesFile, `${lines.join("\n")}\n`);
  writeHashFile();
  fs.writeFileSync(stampFile, stamp);
  for (const file of written) {
    const size = (suffix) => fs.statSync(`${file}${suffix}`).size;
    console.error(`  pkg/${path.basename(file)}  ${size("")} bytes, ${size(".br")} Brotli, ${size(".gz")} gzip`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
