// `deno task bundle`: the whole program as one self-contained file, dist/traceglass.js
// (`--out PATH` writes elsewhere), for machines where `deno compile` cannot fetch its
// runtime. The web assets and the WebAssembly decoders are modules already; the decode
// worker of big traces is bundled on its own and carried as a string the program starts
// a worker from (server/cli/load.ts). Then, from any folder:
//
//   deno run -A traceglass.js trace.out
//   deno install -g -A -n traceglass traceglass.js

import { EMBEDDED_DECODE_WORKER } from "../server/cli/load.ts";

const root = new URL("../", import.meta.url);

async function denoBundle(entry: string, out: string): Promise<string> {
  const res = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform=deno", "--format=esm", "--minify", "-o", out, entry],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!res.success) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(res.stderr)}`);
  return await Deno.readTextFile(out);
}

/** Writes the bundle to `out`; returns its size in bytes. */
export async function bundle(out: string): Promise<number> {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-bundle-" });
  try {
    const worker = await denoBundle("server/cli/decode_worker.ts", `${dir}/worker.js`);
    const main = await denoBundle("server/main.ts", `${dir}/main.js`);
    // An assignment before the bundle's code: its imports are hoisted, and none of them
    // is of ours, so the worker's source is set before the program runs.
    const text = `globalThis[${JSON.stringify(EMBEDDED_DECODE_WORKER)}] = ${
      JSON.stringify(worker)
    };\n${main}`;
    await Deno.writeTextFile(out, text);
    return new TextEncoder().encode(text).length;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--out");
  const out = i >= 0 ? Deno.args[i + 1] : new URL("dist/traceglass.js", root).pathname;
  await Deno.mkdir(new URL(".", `file://${out}`).pathname, { recursive: true });
  const bytes = await bundle(out);
  console.error(`wrote ${out} (${(bytes / 1024).toFixed(0)} KiB)`);
}
