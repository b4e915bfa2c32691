// `deno task bench --scale`: how traceglass grows with the trace. For each trace (the
// bench generator at about 10 MB, 100 MB, 300 MB and 1.5 GB, and a 300 MB trace of an
// HTTP service), one table of: the x/exp/trace reader loop and traceglass's parse alone
// (alternating, medians), the server's start-up to URL and every page a user opens (time
// to first response, progress pages followed to the real page), its peak RSS, the
// timeline's window fetches, `-pprof=sched`, and `go tool trace -http` where it fits in
// memory. Then the growth per million events (least squares over each program's traces).
// Results: tmp/bench/scale.json and tmp/bench/scale.md (Markdown, also printed).
//
//   deno task bench --scale [--sizes=10,100,300,1500] [--service-mb=300] [--regen]
//       [--trace=[bench:|service:]PATH ...] [--repeat=5] [--go-max-gb=16]
//       [--go-timeout=900] [--skip-go] [--timeout=1800] [--page-timeout=120]
//       [--ready-timeout=600] [--min-free-gb=2] [--out=tmp/bench/scale.json]
//   deno task bench --scale --report=a.json[,b.json]   # the tables of earlier runs
//
// --trace measures the given files instead of generated ones (add --sizes or
// --service-mb to measure generated ones too); a `bench:` or `service:` prefix says
// which program wrote the file, so it joins that program's fit. Generating 1.5 GB takes
// 6–8 minutes and 1.5 GB of disk; traces are reused unless --regen.
//
// Every child process (servers included) is killed on a limit, on Ctrl-C and on exit; the
// servers listen on 127.0.0.1 only. A page that times out or fails is a result, not a crash.

import { parseArgs } from "node:util";
import { installCleanup, killAll, run } from "./scale/children.ts";
import {
  benchDir,
  benchGeneratorTrace,
  givenTrace,
  type ScaleTrace,
  serviceTrace,
} from "./scale/traces.ts";
import { measureGoServer, measureOurServer, type ServerOptions } from "./scale/servers.ts";
import {
  markdown,
  mem,
  pageCell,
  type ScaleResults,
  sec,
  slopes,
  type Timed,
  type TraceResult,
} from "./scale/report.ts";

const root = new URL("../../", import.meta.url).pathname;
const denoRun = [Deno.execPath(), "run", "-A"];

/** Runs the scale bench with bench.ts's arguments (without --scale). */
export async function scaleBench(args: string[]): Promise<void> {
  const { values: o } = parseArgs({
    args,
    options: {
      sizes: { type: "string" },
      "service-mb": { type: "string" },
      trace: { type: "string", multiple: true, default: [] },
      regen: { type: "boolean", default: false },
      repeat: { type: "string", default: "5" },
      "go-max-gb": { type: "string", default: "16" },
      "go-timeout": { type: "string", default: "900" },
      "skip-go": { type: "boolean", default: false },
      timeout: { type: "string", default: "1800" },
      "page-timeout": { type: "string", default: "120" },
      "ready-timeout": { type: "string", default: "600" },
      "min-free-gb": { type: "string", default: "2" },
      out: { type: "string", default: `${benchDir}/scale.json` },
      report: { type: "string" },
    },
  });
  if (o.report) return reprint(o.report.split(","));

  const given = o.trace!.length > 0;
  const sizes = (o.sizes ?? (given ? "" : "10,100,300,1500")).split(",").filter((s) => s)
    .map(Number);
  const serviceMB = Number(o["service-mb"] ?? (given ? "0" : "300"));
  const minFreeKB = Number(o["min-free-gb"]) * 1024 * 1024;
  const server: ServerOptions = {
    pageTimeoutMs: Number(o["page-timeout"]) * 1000,
    readyTimeoutMs: Number(o["ready-timeout"]) * 1000,
    startTimeoutMs: Number(o.timeout) * 1000,
    minFreeKB,
    onPage: (path) => console.error(`    GET ${path}`),
  };
  const limits = { timeoutMs: Number(o.timeout) * 1000, minFreeKB };
  const goLimits = {
    timeoutMs: Number(o["go-timeout"]) * 1000,
    maxRssKB: Number(o["go-max-gb"]) * 1024 * 1024,
  };

  installCleanup();
  const results: ScaleResults = {
    date: new Date().toISOString(),
    machine: await machine(),
    command: `deno task bench --scale ${args.join(" ")}`.trim(),
    traces: [],
    slopes: [],
  };
  // Each trace is made (or found) just before it is measured, so results come early.
  const traces: (() => Promise<ScaleTrace>)[] = [
    ...sizes.map((mb) => () => benchGeneratorTrace(mb, o.regen!)),
    ...(serviceMB > 0 ? [() => serviceTrace(serviceMB, o.regen!)] : []),
    ...o.trace!.map((p) => () => givenTrace(p)),
  ];
  const reader = await buildReader();
  // Go that did not fit one trace is not tried on a bigger one.
  let goFailed: ScaleTrace | undefined;
  try {
    for (const make of traces) {
      let trace: ScaleTrace;
      try {
        trace = await make();
      } catch (e) {
        console.error(`skipped a trace: ${(e as Error).message}`);
        continue;
      }
      console.error(`\n${trace.name}: ${trace.path} (${(trace.bytes / 1e6).toFixed(1)} MB)`);
      const r: TraceResult = { trace };
      results.traces.push(r);
      await parseAndRead(r, reader, Number(o.repeat), limits);
      save(results, o.out!);
      r.pprof = await pprof(trace.path, limits);
      console.error(
        `  -pprof=sched: ${r.pprof.error ?? `${sec(r.pprof.ms)}, ${mem(r.pprof.rssKB)}`}`,
      );
      save(results, o.out!);
      console.error("  traceglass server:");
      r.server = await measureOurServer(trace.path, server);
      logServer(r.server);
      save(results, o.out!);
      if (o["skip-go"]) r.go = { pages: [], peakKB: 0, processes: 1, skipped: "--skip-go" };
      else if (goFailed && goFailed.bytes <= trace.bytes) {
        r.go = {
          pages: [],
          peakKB: 0,
          processes: 1,
          skipped: `did not fit ${goFailed.name}`,
        };
      } else {
        console.error("  go tool trace:");
        r.go = await measureGoServer(trace.path, r.server.group, goLimits, server);
        logServer(r.go);
        if (r.go.startMs === undefined) goFailed = trace;
      }
      save(results, o.out!);
    }
  } finally {
    killAll();
  }
  results.machine.loadEnd = loadAverage();
  save(results, o.out!);
  console.log(`\n${markdown(results)}\n`);
  console.log(`results: ${o.out} and ${mdPath(o.out!)}`);
}

function mdPath(json: string): string {
  return json.replace(/\.json$/, "") + ".md";
}

function save(res: ScaleResults, path: string) {
  res.slopes = slopes(res.traces);
  Deno.mkdirSync(path.replace(/\/[^/]*$/, ""), { recursive: true });
  Deno.writeTextFileSync(path, JSON.stringify(res, null, 2) + "\n");
  Deno.writeTextFileSync(mdPath(path), markdown(res) + "\n");
}

/** The tables of earlier runs' JSON files, as one (traces in the order given). */
async function reprint(paths: string[]) {
  const all = await Promise.all(
    paths.map(async (p) => JSON.parse(await Deno.readTextFile(p)) as ScaleResults),
  );
  const res = { ...all[0], traces: all.flatMap((r) => r.traces) };
  res.slopes = slopes(res.traces);
  console.log(markdown(res));
}

function logServer(s: TraceResult["server"]) {
  if (!s) return;
  console.error(
    `    start-up ${s.startMs !== undefined ? sec(s.startMs) : `failed: ${s.startError}`}, ` +
      `peak ${mem(s.peakKB)}${s.endKB ? `, end ${mem(s.endKB)}` : ""}, ` +
      `${s.processes} process(es)${
        s.stopped && s.stopped !== s.startError ? `, ${s.stopped}` : ""
      }`,
  );
  for (const p of s.pages) console.error(`    ${p.page}: ${pageCell(p)}`);
}

async function buildReader(): Promise<string> {
  const bin = `${benchDir}/goreader`;
  await Deno.mkdir(benchDir, { recursive: true });
  const r = await run(["go", "build", "-o", bin, "."], {
    cwd: `${root}scripts/bench/goreader`,
    limits: { timeoutMs: 600_000 },
  });
  if (!r.ok) throw new Error(`building scripts/bench/goreader failed: ${r.stderr}`);
  return bin;
}

/** A measure printed as one JSON line on stdout (goreader, parse_once.ts). */
async function jsonRun(cmd: string[], limits: { timeoutMs: number; minFreeKB: number }) {
  const r = await run(cmd, { limits });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.ok) {
    try {
      const m = JSON.parse(line) as { ms: number; rssKB: number; events: number; error?: string };
      return {
        ms: m.ms,
        rssKB: m.rssKB || r.peakKB,
        events: m.events,
        error: m.error || undefined,
      };
    } catch {
      // Fall through: report what it printed.
    }
  }
  const why = r.stopped ?? (r.stderr.trim().split("\n").slice(-3).join(" / ") || `exit ${r.code}`);
  return { ms: 0, rssKB: r.peakKB, error: why };
}

/** The run of median time among `runs`, with every run's time. */
function median(runs: Timed[]): Timed {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return { ...sorted[(sorted.length - 1) >> 1], runs: runs.map((r) => r.ms) };
}

/**
 * The reader loop and traceglass's parse, alternating `repeat` times (on a shared machine
 * a slow spell then hits both about as often); a tool that fails is not run again.
 */
async function parseAndRead(
  r: TraceResult,
  reader: string,
  repeat: number,
  limits: { timeoutMs: number; minFreeKB: number },
) {
  const readerRuns: Timed[] = [], parseRuns: Timed[] = [];
  let readerError: Timed | undefined, parseError: Timed | undefined;
  for (let i = 0; i < repeat; i++) {
    if (!readerError) {
      const m = await jsonRun([reader, r.trace.path], limits);
      // A reader error mid-trace still counts the time (Go's loop stops there).
      if (m.ms === 0) readerError = m;
      else readerRuns.push(m);
      console.error(`  reader run ${i + 1}: ${m.error ?? `${sec(m.ms)}, ${mem(m.rssKB)}`}`);
    }
    if (!parseError) {
      const m = await jsonRun(
        [...denoRun, `${root}scripts/bench/parse_once.ts`, r.trace.path],
        limits,
      );
      if (m.ms === 0) parseError = m;
      else parseRuns.push(m);
      console.error(`  parse run ${i + 1}: ${m.error ?? `${sec(m.ms)}, ${mem(m.rssKB)}`}`);
    }
    if (readerError && parseError) break;
  }
  r.reader = readerRuns.length ? median(readerRuns) : readerError;
  r.parse = parseRuns.length ? median(parseRuns) : parseError;
  r.events = r.parse?.events ?? r.reader?.events;
  if (readerRuns.length && parseRuns.length) {
    r.parseSpeedup = r.reader!.ms / r.parse!.ms;
    const n = Math.min(readerRuns.length, parseRuns.length);
    r.parseSpeedups = Array.from({ length: n }, (_, i) => readerRuns[i].ms / parseRuns[i].ms);
  }
}

/** `-pprof=sched` end to end; peak RSS from GNU time when installed, else sampled. */
async function pprof(
  path: string,
  limits: { timeoutMs: number; minFreeKB: number },
): Promise<Timed> {
  const gnuTime = await exists("/usr/bin/time");
  const cmd = [...denoRun, `${root}server/main.ts`, "-pprof=sched", path];
  const r = await run(gnuTime ? ["/usr/bin/time", "-f", "%e %M", ...cmd] : cmd, {
    limits,
    stdout: false,
  });
  const lines = r.stderr.trim().split("\n");
  if (!r.ok) {
    return { ms: 0, rssKB: r.peakKB, error: r.stopped ?? lines.slice(-3).join(" / ") };
  }
  const kb = gnuTime ? Number(lines[lines.length - 1].split(" ")[1]) : 0;
  return { ms: r.ms, rssKB: kb || r.peakKB };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

function loadAverage(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
}

async function machine(): Promise<Record<string, string | number>> {
  const read = (p: string) => {
    try {
      return Deno.readTextFileSync(p);
    } catch {
      return "";
    }
  };
  const go = await run(["go", "env", "GOVERSION"], { limits: { timeoutMs: 60_000 } });
  const memKB = Number(read("/proc/meminfo").match(/^MemTotal:\s+(\d+)/m)?.[1] ?? 0);
  return {
    cpu: read("/proc/cpuinfo").match(/^model name\s*:\s*(.*)$/m)?.[1] ?? "?",
    cores: navigator.hardwareConcurrency,
    memGiB: Math.round(memKB / 1024 / 1024),
    deno: Deno.version.deno,
    go: go.stdout.trim(),
    loadStart: loadAverage(),
  };
}
