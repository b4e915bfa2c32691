/// <reference lib="dom" />
// Timeline benchmark in headless Chromium: time to first paint of /trace (page request to
// the first frame drawn with data), then pan and zoom with the keyboard and the wheel,
// reporting the median and 95th percentile of frame times: the canvas draw time of each
// frame (JavaScript) and the interval between frames while the view moves (what a user
// sees; 16.7 ms at 60 Hz).
//
//   deno run -A scripts/bench_timeline.ts TRACE [--path=/trace?view=proc] [--json]
//   deno run -A scripts/bench_timeline.ts --url=http://127.0.0.1:PORT [--path=...]
//
// Starts `server/main.ts -http=127.0.0.1:0 TRACE` itself (start-up is reported too), or
// measures a server already running at --url.

import { launchChromium } from "../tests/support/browser.ts";

const args = Deno.args.filter((a) => !a.startsWith("--"));
const flag = (name: string) =>
  Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const trace = args[0] ?? "";
const url = flag("url");
if (!trace && !url) {
  console.error("usage: bench_timeline.ts TRACE|--url=URL [--path=/trace] [--json]");
  Deno.exit(2);
}
const pagePath = flag("path") ?? "/trace";

/** The page's test hook (web/timeline/controller.ts TimelineStats). */
interface Hooked {
  __timeline?: {
    firstPaint: number;
    frames: number[];
    gaps: number[];
    fetchMs: number[];
    window(): { t0: number; t1: number };
  };
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

// The server: ours to start (and time), or one already running.
async function startServer(): Promise<{ base: string; startupMs: number; stop(): Promise<void> }> {
  if (url) return { base: url, startupMs: NaN, stop: async () => {} };
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../server/main.ts", import.meta.url).pathname,
      "-http=127.0.0.1:0",
      trace,
    ],
    stdout: "null",
    stderr: "piped",
    env: { BROWSER: "true" },
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let log = "", base = "";
  while (!base) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited:\n${log}`);
    log += value;
    base = log.match(/listening on (http:\/\/\S+)/)?.[1] ?? "";
  }
  const startupMs = performance.now() - started;
  void (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })();
  return {
    base,
    startupMs,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

const server = await startServer();
const base = server.base;
const startupMs = server.startupMs;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const t0 = Date.now();
  await page.goto(base + pagePath);
  await page.waitForFunction(
    () => ((globalThis as unknown as Hooked).__timeline?.firstPaint ?? 0) > 0,
    null,
    {
      timeout: 60_000,
    },
  );
  const wallFirstPaint = Date.now() - t0;
  const firstPaint = await page.evaluate(() =>
    (globalThis as unknown as Hooked).__timeline!.firstPaint
  );
  const reset = () =>
    page.evaluate(() => {
      const s = (globalThis as unknown as Hooked).__timeline!;
      s.frames.length = 0;
      s.gaps.length = 0;
      s.fetchMs.length = 0;
    });
  const collect = () =>
    page.evaluate(() => {
      const s = (globalThis as unknown as Hooked).__timeline!;
      return { frames: [...s.frames], gaps: [...s.gaps], fetchMs: [...s.fetchMs] };
    });
  await page.mouse.move(900, 500);
  // Keyboard: hold W (zoom in), D (pan), S (zoom out), A (pan back), 1.5 s each.
  await reset();
  for (const key of ["w", "d", "s", "a", "w", "w", "d"]) {
    await page.keyboard.down(key);
    await page.waitForTimeout(1500);
    await page.keyboard.up(key);
  }
  const keys = await collect();
  // Wheel: a notch every frame for 1.5 s in, then 1.5 s out, dispatched in the page at
  // the display's rate (driving it from here would pace frames by round trips instead).
  await reset();
  await page.evaluate(async () => {
    const c = document.querySelector("canvas.tl-canvas")!;
    const r = c.getBoundingClientRect();
    const frame = () => new Promise((res) => requestAnimationFrame(res));
    for (let i = 0; i < 180; i++) {
      c.dispatchEvent(
        new WheelEvent("wheel", {
          deltaY: i < 90 ? -40 : 40,
          clientX: r.left + r.width * 0.6,
          clientY: r.top + r.height * 0.5,
          bubbles: true,
          cancelable: true,
        }),
      );
      await frame();
    }
  });
  await page.waitForTimeout(300);
  const wheel = await collect();
  const stats = (x: { frames: number[]; gaps: number[] }) => ({
    frames: x.frames.length,
    drawMedianMs: +quantile(x.frames, 0.5).toFixed(2),
    drawP95Ms: +quantile(x.frames, 0.95).toFixed(2),
    intervalMedianMs: +quantile(x.gaps, 0.5).toFixed(2),
    intervalP95Ms: +quantile(x.gaps, 0.95).toFixed(2),
  });
  const fetchMs = [...keys.fetchMs, ...wheel.fetchMs];
  const all = { frames: [...keys.frames, ...wheel.frames], gaps: [...keys.gaps, ...wheel.gaps] };
  const result = {
    trace: trace || url,
    path: pagePath,
    startupMs: Math.round(startupMs),
    firstPaintMs: Math.round(firstPaint),
    firstPaintWallMs: wallFirstPaint,
    all: stats(all),
    keys: stats(keys),
    wheel: stats(wheel),
    windowFetches: fetchMs.length,
    fetchMedianMs: +quantile(fetchMs, 0.5).toFixed(1),
    fetchP95Ms: +quantile(fetchMs, 0.95).toFixed(1),
  };
  if (Deno.args.includes("--json")) console.log(JSON.stringify(result));
  else {
    for (const [k, v] of Object.entries(result)) {
      console.log(`${k.padEnd(18)} ${typeof v === "object" ? JSON.stringify(v) : v}`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
