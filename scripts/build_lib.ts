// `deno task build:lib`: the library (mod.ts) as one ESM file for browsers, Web Workers,
// bundlers and Node 20, with the WebAssembly decoder inside (no side file to fetch), and
// its declarations beside it:
//
//   dist/lib/traceglass.js     dist/lib/traceglass.d.ts
//
// `--out DIR` writes elsewhere (tests).

const root = new URL("../", import.meta.url);

/** Bundles mod.ts into `dir`; returns the paths written and their sizes. */
export async function buildLib(dir: string): Promise<{ js: string; dts: string; bytes: number }> {
  const js = `${dir}/traceglass.js`;
  const res = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform=browser",
      "--format=esm",
      "--minify",
      "--declaration",
      "-o",
      js,
      "mod.ts",
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!res.success) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(res.stderr)}`);
  return { js, dts: `${dir}/traceglass.d.ts`, bytes: (await Deno.stat(js)).size };
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--out");
  const dir = i >= 0 ? Deno.args[i + 1] : new URL("dist/lib", root).pathname;
  await Deno.mkdir(dir, { recursive: true });
  const out = await buildLib(dir);
  const gz = await new Response(
    (await Deno.open(out.js)).readable.pipeThrough(new CompressionStream("gzip")),
  ).arrayBuffer();
  console.error(
    `wrote ${out.js} (${(out.bytes / 1024).toFixed(0)} KiB, ${
      (gz.byteLength / 1024).toFixed(0)
    } KiB gzipped) and ${out.dts}`,
  );
}
