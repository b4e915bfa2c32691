// The committed decoder build (asm/build/*) must be what asm/src compiles to today, so
// nobody runs or ships a stale module: `scripts/build_wasm.ts --check` recompiles every
// module and exits 1 when a committed file differs.

import assert from "node:assert/strict";
import { inlineMarkers } from "../../scripts/build_wasm.ts";
import { listDir, REPO_ROOT } from "../support/paths.ts";

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

Deno.test("each embedded module is byte-identical to its .wasm file", async () => {
  const names = listDir(new URL("asm/build/", REPO_ROOT), ".wasm").map((f) => f.slice(0, -5));
  assert.ok(names.includes("parser"), `no parser module in asm/build: ${names}`);
  for (const name of names) {
    const wasm = await Deno.readFile(new URL(`asm/build/${name}.wasm`, REPO_ROOT));
    const mod = await import(new URL(`asm/build/${name}_wasm.ts`, REPO_ROOT).href);
    const exportName = name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()) + "WasmBase64";
    const bin = atob(mod[exportName]);
    const embedded = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    assert.ok(wasm.length > 8, `${name}.wasm is empty`);
    assert.deepEqual(embedded, wasm, `asm/build/${name}_wasm.ts embeds another module`);
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
