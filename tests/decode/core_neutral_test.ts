// The runtime-neutral core (server/core/) must load in a browser, a Web Worker and Node:
// no Deno API, and no import of the Deno side (server/http, server/cli) or of anything
// outside the core but the embedded WebAssembly modules and npm packages.

import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const core = join(root, "server/core");

function* sources(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) yield* sources(p);
    else if (p.endsWith(".ts")) yield p;
  }
}

// Specifiers of static and dynamic imports and re-exports.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

Deno.test("the core uses no Deno API and imports only the core, asm/build and npm packages", () => {
  const problems: string[] = [];
  let files = 0;
  for (const file of sources(core)) {
    files++;
    const rel = relative(root, file);
    const text = Deno.readTextFileSync(file);
    // Code only: comments may name Deno.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
    if (/\bDeno\s*\.|\bDeno\s*\[/.test(code)) problems.push(`${rel}: uses the Deno namespace`);
    for (const [, spec] of code.matchAll(IMPORT)) {
      if (spec.startsWith("node:") || spec.startsWith("jsr:")) {
        problems.push(`${rel}: imports ${spec}`);
      } else if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        const inCore = target.startsWith(core + "/");
        const wasm = target.startsWith(join(root, "asm/build") + "/");
        if (!inCore && !wasm) problems.push(`${rel}: imports ${relative(root, target)}`);
      }
    }
  }
  assert.ok(files > 40, `expected the core's sources under ${core}, found ${files}`);
  assert.deepEqual(problems, []);
});
