// The library's parse speed in Chromium next to Deno's: the build:lib bundle's
// openTrace on the same trace's bytes (in memory, read before the clock starts), in a
// fresh page or process per run. Prints JSON: each runtime's runs and median (ms), the
// events and MB/s. Used by scripts/bench.ts (`--only=browser`); alone:
//
//   deno run -A scripts/bench/lib_browser.ts TRACE [--repeat=5] [--one-core]

import { launchChromium } from "../../tests/support/browser.ts";
import { buildLib } from "../build_lib.ts";

const args = Deno.args.filter((a) => !a.startsWith("--"));
const flag = (n: string) => Deno.args.find((a) => a.startsWith(`--${n}=`))?.split("=")[1];
const path = args[0];
const repeat = Number(flag("repeat") ?? 5);
const parallel = !Deno.args.includes("--one-core");

const dir = await Deno.makeTempDir({ prefix: "traceglass-libbench-" });
const lib = await buildLib(dir);

// One parse in a fresh Deno process (the same bundle, the same call).
const DENO_ONCE = `import { openTrace } from ${JSON.stringify(lib.js)};
const bytes = await Deno.readFile(Deno.args[0]);
const t0 = performance.now();
const t = await openTrace(bytes, { parallel: ${parallel} });
console.log(JSON.stringify({ ms: performance.now() - t0, events: t.eventCount }));
Deno.exit(0);`;
await Deno.writeTextFile(`${dir}/once.mjs`, DENO_ONCE);

const PAGE = `<!doctype html><script type="module">
import { openTrace } from "./traceglass.js";
globalThis.parseOnce = async () => {
  const bytes = new Uint8Array(await (await fetch("/trace")).arrayBuffer());
  const t0 = performance.now();
  const t = await openTrace(bytes, { parallel: ${parallel} });
  return { ms: performance.now() - t0, events: t.eventCount };
};
globalThis.ready = true;
</script>`;

const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
  const p = new URL(req.url).pathname;
  if (p === "/") return new Response(PAGE, { headers: { "Content-Type": "text/html" } });
  if (p === "/traceglass.js") {
    return new Response(await Deno.readFile(lib.js), {
      headers: { "Content-Type": "text/javascript" },
    });
  }
  if (p === "/trace") return new Response((await Deno.open(path)).readable);
  return new Response("not found", { status: 404 });
});

interface Run {
  ms: number;
  events: number;
}
const deno: Run[] = [], chromium: Run[] = [];
const browser = await launchChromium();
try {
  for (let i = 0; i < repeat; i++) {
    // Alternating, so that a slow spell of the machine hits both about as often.
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${dir}/once.mjs`, path],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    deno.push(JSON.parse(new TextDecoder().decode(out.stdout)));
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.addr.port}/`);
    await page.waitForFunction(() => (globalThis as { ready?: boolean }).ready === true);
    chromium.push(
      await page.evaluate(() =>
        (globalThis as unknown as { parseOnce(): Promise<Run> }).parseOnce()
      ),
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.shutdown();
  await Deno.remove(dir, { recursive: true });
}

const median = (r: Run[]) => [...r].map((x) => x.ms).sort((a, b) => a - b)[(r.length - 1) >> 1];
const mb = (await Deno.stat(path)).size / 1e6;
const result = {
  trace: path,
  sizeMB: mb,
  events: deno[0].events,
  parallel,
  deno: { runs: deno.map((r) => Math.round(r.ms)), median: Math.round(median(deno)) },
  chromium: { runs: chromium.map((r) => Math.round(r.ms)), median: Math.round(median(chromium)) },
};
if (chromium.some((r) => r.events !== result.events)) throw new Error("event counts differ");
console.log(JSON.stringify(result));
