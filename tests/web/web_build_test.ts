import assert from "node:assert/strict";
import {
  ASSETS_MODULE,
  buildAssetsModule,
  bundleScript,
  sourceDigest,
} from "../../scripts/build_web.ts";
import { BUNDLER, SOURCE_DIGEST } from "../../web/build/assets.ts";

const STALE = "web/build/assets.ts is stale: run `deno task build:web` and commit the result";

Deno.test("the committed web bundle was built from the current web sources", async () => {
  assert.ok(SOURCE_DIGEST === await sourceDigest(), STALE);
});

Deno.test("with the Deno that built it, the committed web bundle is byte for byte a fresh build", async (t) => {
  if (BUNDLER !== `deno ${Deno.version.deno}`) {
    // Another Deno's bundler may spell the same code differently; the digest test above
    // still guards freshness.
    await t.step({ name: `skipped: built by ${BUNDLER}`, ignore: true, fn: () => {} });
    return;
  }
  assert.ok((await Deno.readTextFile(ASSETS_MODULE)) === await buildAssetsModule(), STALE);
});

Deno.test("deno bundle of the browser code is deterministic and names no local path", async () => {
  const [a, b] = [await bundleScript(), await bundleScript()];
  assert.ok(a === b, "two bundles of the same sources differ");
  assert.ok(!/\/work\/|file:\/\/|\/root\/|node_modules/.test(a), "the bundle names a local path");
});

Deno.test("no view renders markup from data: web/ never uses innerHTML or dangerouslySetInnerHTML", async () => {
  const offenders: string[] = [];
  const walk = async (dir: URL) => {
    for await (const e of Deno.readDir(dir)) {
      const u = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
      if (e.isDirectory && e.name !== "build") await walk(u);
      else if (e.name.endsWith(".ts")) {
        const src = await Deno.readTextFile(u);
        if (/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(src)) {
          offenders.push(u.pathname);
        }
      }
    }
  };
  await walk(new URL("../../web/", import.meta.url));
  assert.deepEqual(offenders, []);
});

Deno.test("no server or web module reads project files by path at run time", async () => {
  // Compile-readiness: everything the program needs is imported as a module (the .wasm
  // and the web bundle are embedded as TypeScript), so `deno compile` carries it all.
  const offenders: string[] = [];
  const walk = async (dir: URL) => {
    for await (const e of Deno.readDir(dir)) {
      const u = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
      if (e.isDirectory) await walk(u);
      else if (e.name.endsWith(".ts") && !u.pathname.includes("/web/build/")) {
        const src = await Deno.readTextFile(u);
        if (/Deno\.(readFile|readTextFile|open)\w*\(\s*new URL\([^)]*import\.meta\.url/.test(src)) {
          offenders.push(u.pathname);
        }
        if (/import\.meta\.(dirname|filename)/.test(src)) offenders.push(u.pathname);
      }
    }
  };
  await walk(new URL("../../server/", import.meta.url));
  await walk(new URL("../../web/", import.meta.url));
  // start.ts names the sample trace by path on purpose: it is the trace, not the program.
  assert.deepEqual(offenders, []);
});
