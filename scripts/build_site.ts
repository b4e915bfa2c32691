// `deno task build:site`: the browser-only site as a static folder any static file server
// can serve (dist/site/, or `--out DIR`): index.html, app.js (the page: web/site/main.ts
// with the views), worker.js (the trace reader and every page's routes, with the
// WebAssembly decoder inside), decode_worker.js (the second decoder of big traces) and
// app.css. Nothing is fetched from anywhere else; the page's CSP allows only its own
// origin.

import { createRequire } from "node:module";

const root = new URL("../", import.meta.url);

/** The page's policy: our scripts, styles and workers only, no connection elsewhere. */
export const SITE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const INDEX = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="${SITE_CSP}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>traceglass</title>
<link rel="stylesheet" href="app.css">
<script type="module" src="app.js"></script>
</head>
<body>
<div id="app"><p class="loading">Loading…</p></div>
</body>
</html>
`;

/** DuckDB-WASM's files the SQL page loads (its exception-handling build, which every
 * current browser runs; no threads, so no cross-origin isolation needed). */
const DUCKDB_FILES = ["duckdb-eh.wasm", "duckdb-browser-eh.worker.js"];

async function bundle(entry: string, out: string): Promise<void> {
  const res = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform=browser", "--format=esm", "--minify", "-o", out, entry],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!res.success) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(res.stderr)}`);
}

/** Writes the site into `dir`; returns each file's size. */
export async function buildSite(dir: string): Promise<Record<string, number>> {
  await Deno.mkdir(dir, { recursive: true });
  await Promise.all([
    bundle("web/site/main.ts", `${dir}/app.js`),
    bundle("web/site/worker.ts", `${dir}/worker.js`),
    bundle("web/site/decode_worker.ts", `${dir}/decode_worker.js`),
    bundle("web/site/sql_engine.ts", `${dir}/sql.js`),
  ]);
  const require = createRequire(import.meta.url);
  for (const f of DUCKDB_FILES) {
    await Deno.copyFile(require.resolve(`@duckdb/duckdb-wasm/dist/${f}`), `${dir}/${f}`);
  }
  const css = await Deno.readTextFile(new URL("web/style.css", root)) +
    await Deno.readTextFile(new URL("web/site/site.css", root));
  await Deno.writeTextFile(`${dir}/app.css`, css);
  await Deno.writeTextFile(`${dir}/index.html`, INDEX);
  const sizes: Record<string, number> = {};
  for await (const e of Deno.readDir(dir)) {
    sizes[e.name] = (await Deno.stat(`${dir}/${e.name}`)).size;
  }
  return sizes;
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--out");
  const dir = i >= 0 ? Deno.args[i + 1] : new URL("dist/site", root).pathname;
  const sizes = await buildSite(dir);
  const list = Object.entries(sizes).sort().map(([n, b]) => `${n} ${(b / 1024).toFixed(0)} KiB`);
  console.error(`wrote ${dir}: ${list.join(", ")}`);
}
