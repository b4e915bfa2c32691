// A bounded loopback load test of the web server (issues 15 and 17): starts traceglass on a
// trace, lets N clients cycle through the heavy pages while a probe fetches /api/summary
// every 0.5 s, and reports the probe's latency, the heavy requests' outcome (200 / 503)
// and the server's RSS before, during and after the load. The full run takes a minute and
// wants the machine to itself, so it is run by hand:
//
//   deno run -A scripts/load_test.ts [--clients=20] [--seconds=30] [--settle=15] [trace]
//
// Without a trace it writes tmp/load.trace with testdata/programs/load (needs Go).
// Everything stops by itself: the clients at --seconds, the server when the run ends.
// tests/http/load_test.ts runs a short one (runLoad) in the suite.

import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;

export interface LoadOptions {
  trace: string;
  clients: number;
  /** How long the clients run (at most 120 s). */
  seconds: number;
  /** How long to wait after the load before the last RSS reading (at most 120 s). */
  settle: number;
}

async function defaultTrace(): Promise<string> {
  const path = `${root}tmp/load.trace`;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    await Deno.mkdir(`${root}tmp`, { recursive: true });
    const out = await new Deno.Command("go", {
      args: ["run", "./load", path],
      cwd: `${root}testdata/programs`,
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error("go run ./load failed");
    return path;
  }
}

function rssMB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

function loadavg(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/** Runs the load against a new server on `opts.trace`; resolves with the figures. */
export async function runLoad(opts: LoadOptions) {
  const seconds = Math.min(opts.seconds, 120); // bounded, whatever is asked
  const settle = Math.min(opts.settle, 120);
  // The server, as a user starts it.
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}server/main.ts`, "-http=127.0.0.1:0", opts.trace],
    stdout: "null",
    stderr: "piped",
    env: { BROWSER: "" },
  }).spawn();
  try {
    return { trace: opts.trace, ...await measure(child, seconds, settle, opts.clients) };
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

async function measure(child: Deno.ChildProcess, seconds: number, settle: number, clients: number) {
  const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let base = "";
  let seen = "";
  const started = performance.now();
  while (!base) {
    const { value, done } = await stderr.read();
    if (done) throw new Error(`server exited before listening:\n${seen}`);
    seen += value;
    const m = /listening on (http:\/\/\S+)/.exec(seen);
    if (m) base = m[1].replace(/\/$/, "");
    if (performance.now() - started > 300_000) throw new Error("server did not start in 5 min");
  }
  // Keep draining its stderr (a full pipe would stall it); keep the first error lines.
  const serverErrors: string[] = [];
  (async () => {
    while (true) {
      const { value, done } = await stderr.read();
      if (done) break;
      for (const line of value.split("\n")) {
        if (line.startsWith("traceglass:") && serverErrors.length < 5) {
          serverErrors.push(line.slice(0, 300));
        }
      }
    }
  })();

  {
    // Warm up what every page needs (the summary), then the idle RSS.
    await (await fetch(`${base}/api/summary`)).arrayBuffer();
    const groups: { name: string; n: number }[] =
      (await (await fetch(`${base}/api/goroutines`)).json()).groups;
    groups.sort((a, b) => b.n - a.n);
    const big = encodeURIComponent(groups[0]?.name ?? "");
    await sleep(1000);
    const idle = rssMB(child.pid);
    const loadBefore = loadavg();

    const HEAVY = [
      "/jsontrace",
      `/goroutine?name=${big}`,
      "/mmu?mode=plot&flags=stw|background|assist",
      "/sched?raw=1",
      "/syscall",
      "/block",
      "/jsontrace?view=thread",
    ];
    const end = performance.now() + seconds * 1000;
    let peak = idle;
    const sampler = setInterval(() => peak = Math.max(peak, rssMB(child.pid)), 200);

    // The heavy clients run in a worker: reading their bodies must not delay the probe.
    const worker = new Worker(new URL("./load_test_client.ts", import.meta.url), {
      type: "module",
    });
    const heavyDone = new Promise<{
      ok: number;
      busy: number;
      other: number;
      failed: number;
      cut: number;
      busyWithoutRetryAfter: number;
      latency: number[];
      others: Record<string, number>;
      bytes: number;
    }>((resolve) => worker.onmessage = (e) => resolve(e.data));
    worker.postMessage({
      base,
      paths: HEAVY,
      clients: clients,
      forMs: end - performance.now(),
    });
    const probe = { latency: [] as number[], failed: 0 };
    const prober = async () => {
      while (performance.now() < end) {
        const next = performance.now() + 500;
        const t = performance.now();
        try {
          const res = await fetch(`${base}/api/summary`);
          await res.arrayBuffer();
          if (res.status === 200) probe.latency.push(performance.now() - t);
          else probe.failed++;
        } catch {
          probe.failed++;
        }
        await sleep(Math.max(0, next - performance.now()));
      }
    };
    const [heavy] = await Promise.all([heavyDone, prober()]);
    worker.terminate();
    clearInterval(sampler);
    const loadDuring = loadavg();
    const rightAfter = rssMB(child.pid);
    await sleep(settle * 1000);
    const settled = rssMB(child.pid);

    const report = {
      clients: clients,
      seconds: seconds,
      probe: {
        answers: probe.latency.length,
        failed: probe.failed,
        p50ms: Math.round(pct(probe.latency, 0.5)),
        p99ms: Math.round(pct(probe.latency, 0.99)),
        maxms: Math.round(Math.max(...probe.latency)),
      },
      heavy: {
        ok: heavy.ok,
        busy503: heavy.busy,
        busyWithoutRetryAfter: heavy.busyWithoutRetryAfter,
        other: heavy.other,
        others: heavy.others,
        failed: heavy.failed,
        cutAtEnd: heavy.cut,
        p50ms: Math.round(pct(heavy.latency, 0.5)),
        p99ms: Math.round(pct(heavy.latency, 0.99)),
        MB: Math.round(heavy.bytes / 1e6),
      },
      rssMB: {
        idle: Math.round(idle),
        peak: Math.round(peak),
        rightAfter: Math.round(rightAfter),
        [`after${settle}s`]: Math.round(settled),
      },
      loadavg: { before: loadBefore, endOfLoad: loadDuring },
      serverErrors,
    };
    return report;
  }
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      clients: { type: "string", default: "20" },
      seconds: { type: "string", default: "30" },
      settle: { type: "string", default: "15" },
      json: { type: "boolean", default: false },
    },
  });
  const report = await runLoad({
    trace: positionals[0] ?? await defaultTrace(),
    clients: Number(values.clients),
    seconds: Number(values.seconds),
    settle: Number(values.settle),
  });
  if (values.json) console.log(JSON.stringify(report));
  else console.log(report);
}
