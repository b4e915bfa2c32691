// The committed decoder build (asm/build/*_wasm.ts) must be what asm/src compiles to today,
// so nobody runs or ships a stale module: `scripts/build_wasm.ts --check` recompiles every
// module and exits 1 when a committed file differs.

import assert from "node:assert/strict";
import { embeddedWasm, inlineMarkers, MODULES } from "../../scripts/build_wasm.ts";
import { REPO_ROOT } from "../support/paths.ts";

Deno.test("asm/build holds a fresh build of asm/src", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/build_wasm.ts", "--check"],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `asm/build is stale (run deno task build):\n${stderr}`);
});

Deno.test("each embedded module holds a valid wasm module", async () => {
  for (const m of MODULES) {
    const mod = await import(new URL(`asm/build/${m.name}_wasm.ts`, REPO_ROOT).href);
    const wasm = embeddedWasm(m.name, mod);
    assert.ok(WebAssembly.validate(wasm), `asm/build/${m.name}_wasm.ts embeds no valid module`);
  }
});

Deno.test("a // @inline line becomes the decorator, and only before a top-level function", () => {
  const src =
    "// @inline\nexport function f(): i32 {\n  return 1;\n}\n// @inline\nfunction g(): void {}\n";
  assert.equal(
    inlineMarkers(src, "a.ts"),
    "@inline\nexport function f(): i32 {\n  return 1;\n}\n@inline\nfunction g(): void {}\n",
  );
  assert.throws(() => inlineMarkers("// @inline\nconst x = 1;\n", "b.ts"), /b\.ts:1: /);
  assert.throws(
    () => inlineMarkers("class A {\n  // @inline\n  f(): void {}\n}\n", "c.ts"),
    /c\.ts:2: /,
  );
});
