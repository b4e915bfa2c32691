// The scale bench's results: their JSON shape, the growth per million events (a
// least-squares line over one program's traces), and the Markdown tables printed and
// written beside the JSON (one column per trace, one row per measure).

import type { ScaleTrace } from "./traces.ts";
import type { PageResult, WindowResult } from "./pages.ts";
import type { ServerRun } from "./servers.ts";

/** A measure repeated and reduced to the run of median time. */
export interface Timed {
  ms: number;
  rssKB: number;
  events?: number;
  /** Every run's time (ms), in the order run. */
  runs?: number[];
  error?: string;
}

export interface TraceResult {
  trace: ScaleTrace;
  /** Events of the trace (traceglass's count, else the reader's). */
  events?: number;
  /** golang.org/x/exp/trace ReadEvent loop (scripts/bench/goreader). */
  reader?: Timed;
  /** traceglass's parse alone (scripts/bench/parse_once.ts). */
  parse?: Timed;
  /** Reader time ÷ parse time (above 1: traceglass is faster), of the medians. */
  parseSpeedup?: number;
  /** The same, run by run (runs alternate). */
  parseSpeedups?: number[];
  server?: ServerRun;
  /** `-pprof=sched`, end to end. */
  pprof?: Timed;
  /** `go tool trace -http`; `skipped` says why it was not run. */
  go?: ServerRun & { skipped?: string };
}

/** A line fitted over one program's traces: y ≈ intercept + perMEvents · (events / 1e6). */
export interface Slope {
  program: string;
  measure: string;
  unit: "s" | "bytes";
  perMEvents: number;
  intercept: number;
  points: number;
}

export interface ScaleResults {
  date: string;
  machine: Record<string, string | number>;
  command: string;
  traces: TraceResult[];
  slopes: Slope[];
}

/** Least squares: the line through (x, y) points, or undefined with fewer than 2 x's. */
export function fitLine(
  points: [number, number][],
): { slope: number; intercept: number } | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let sxx = 0, sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

// What the slopes are fitted for: seconds and bytes of peak RSS per million events.
const SLOPE_MEASURES: [string, "s" | "bytes", (r: TraceResult) => number | undefined][] = [
  ["x/exp/trace reader loop, time", "s", (r) => seconds(good(r.reader)?.ms)],
  ["parse, time", "s", (r) => seconds(good(r.parse)?.ms)],
  ["parse, peak RSS", "bytes", (r) => bytes(good(r.parse)?.rssKB)],
  ["server start-up to URL", "s", (r) => seconds(r.server?.startMs)],
  [
    "server peak RSS (whole session)",
    "bytes",
    (r) => r.server?.startMs === undefined ? undefined : bytes(r.server.peakKB),
  ],
  ["-pprof=sched, time", "s", (r) => seconds(good(r.pprof)?.ms)],
  ["-pprof=sched, peak RSS", "bytes", (r) => bytes(good(r.pprof)?.rssKB)],
];

function good(t: Timed | undefined): Timed | undefined {
  return t && !t.error && t.ms > 0 ? t : undefined;
}

function bytes(kB: number | undefined): number | undefined {
  return kB ? kB * 1024 : undefined;
}

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

/** The slopes of every measure for every program with two or more traces. */
export function slopes(traces: TraceResult[]): Slope[] {
  const out: Slope[] = [];
  const programs = [...new Set(traces.map((t) => t.trace.program))];
  for (const program of programs) {
    const mine = traces.filter((t) => t.trace.program === program && t.events);
    for (const [measure, unit, value] of SLOPE_MEASURES) {
      const pts = mine.flatMap((t): [number, number][] => {
        const v = value(t);
        return typeof v === "number" && Number.isFinite(v) ? [[t.events! / 1e6, v]] : [];
      });
      const fit = fitLine(pts);
      if (fit) {
        out.push({
          program,
          measure,
          unit,
          perMEvents: fit.slope,
          intercept: fit.intercept,
          points: pts.length,
        });
      }
    }
  }
  return out;
}

// ---- formatting ----

export function sec(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

export function mem(kB: number): string {
  return kB < 1024 * 1024 ? `${Math.round(kB / 1024)} MiB` : `${(kB / 1024 / 1024).toFixed(2)} GiB`;
}

function short(s: string, n = 60): string {
  const one = s.replace(/\s+/g, " ").replace(/\|/g, "/").trim();
  return one.length > n ? one.slice(0, n - 1) + "…" : one;
}

function timed(t: Timed | undefined): string {
  if (!t) return "";
  if (t.error) return `failed: ${short(t.error)}`;
  return `${sec(t.ms)}, ${mem(t.rssKB)}`;
}

/**
 * A page's cell: its first response, the real page's time after a progress page, and
 * the server's peak RSS once it came (where recorded).
 */
export function pageCell(p: PageResult | undefined): string {
  const cell = pageTimes(p);
  return p?.peakKB && cell ? `${cell} · peak ${mem(p.peakKB)}` : cell;
}

function pageTimes(p: PageResult | undefined): string {
  if (!p) return "";
  if (p.firstMs === undefined) return p.error ? short(p.error, 40) : "";
  const status = (s: number | undefined) => s !== undefined && s !== 200 ? ` HTTP ${s}` : "";
  if (!p.progress) return `${sec(p.firstMs)}${status(p.status)}`;
  const then = p.readyMs !== undefined
    ? `${sec(p.readyMs)}${status(p.readyStatus)}`
    : short(p.error ?? "?", 40);
  return `progress ${sec(p.firstMs)} → ${then}`;
}

function windowCell(w: WindowResult | undefined): string {
  if (!w) return "";
  const times = w.firstMs === undefined
    ? ""
    : `${sec(w.firstMs)} / ${sec(w.medianMs!)} / ${sec(w.p95Ms!)}`;
  return [times, w.error ? short(w.error, 40) : ""].filter((s) => s).join("; ");
}

function goCell(g: TraceResult["go"], f: (g: ServerRun) => string): string {
  if (!g || g.skipped || g.startMs === undefined) return "";
  const v = f(g);
  return v ? ` · Go ${v}` : "";
}

function goFit(r: TraceResult): string {
  const g = r.go;
  if (!g) return "";
  if (g.skipped) return `not run: ${short(g.skipped)}`;
  if (g.startMs === undefined) return `did not fit: ${short(g.startError ?? "?")}`;
  if (g.stopped) return `stopped during the pages: ${short(g.stopped)}`;
  return "fits";
}

type Row = [string, (r: TraceResult) => string];

function rows(traces: TraceResult[]): Row[] {
  const pageNames: string[] = [];
  for (const t of traces) {
    for (const p of t.server?.pages ?? []) if (!pageNames.includes(p.page)) pageNames.push(p.page);
  }
  const page = (name: string) => (r: TraceResult) =>
    pageCell(r.server?.pages.find((p) => p.page === name)) +
    goCell(r.go, (g) => {
      const p = g.pages.find((p) => p.page === name);
      return p ? pageCell(p) : "";
    });
  return [
    ["file", (r) => `${(r.trace.bytes / 1e6).toFixed(0)} MB`],
    ["events", (r) => r.events ? `${(r.events / 1e6).toFixed(1)} M` : ""],
    ["x/exp/trace reader loop", (r) => timed(r.reader)],
    ["traceglass parse alone", (r) => timed(r.parse)],
    ["parse speed ÷ reader loop", (r) => r.parseSpeedup ? `${r.parseSpeedup.toFixed(2)}×` : ""],
    [
      "server start-up to URL",
      (r) =>
        (r.server?.startMs !== undefined
          ? sec(r.server.startMs)
          : short(r.server?.startError ?? "", 50)) + goCell(r.go, (g) => sec(g.startMs!)),
    ],
    [
      "server peak RSS / at end",
      (r) =>
        (r.server?.peakKB
          ? `${mem(r.server.peakKB)} / ${r.server.endKB ? mem(r.server.endKB) : "—"}`
          : "") + goCell(r.go, (g) => mem(g.peakKB)),
    ],
    ...pageNames.map((n): Row => [n, page(n)]),
    [
      "timeline boot (/api/trace?view=proc)",
      (r) => r.server?.window?.bootMs !== undefined ? sec(r.server.window.bootMs) : "",
    ],
    ["timeline window: first / median / p95", (r) =>
      windowCell(r.server?.window) +
      goCell(r.go, (g) => g.goTimeline ? `/jsontrace ${pageCell(g.goTimeline)}` : "")],
    ["-pprof=sched", (r) => timed(r.pprof)],
    ["go tool trace -http", goFit],
  ];
}

function markdownTable(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length), 3));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [
    line(head),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...body.map(line),
  ].join("\n");
}

/** The results table: a column per trace, a row per measure. */
export function resultsTable(traces: TraceResult[]): string {
  const head = ["", ...traces.map((t) => t.trace.name)];
  const body = rows(traces).map(([label, cell]) => [label, ...traces.map(cell)]);
  return markdownTable(head, body);
}

/** The slopes table: per million events, a column per program. */
export function slopesTable(s: Slope[]): string {
  if (s.length === 0) return "(no slope: a program needs two or more traces)";
  const programs = [...new Set(s.map((x) => x.program))];
  const measures = [...new Set(s.map((x) => x.measure))];
  const cell = (x: Slope | undefined) => {
    if (!x) return "";
    const v = x.unit === "s"
      ? `${x.perMEvents.toFixed(3)} s`
      : `${(x.perMEvents / 1e6).toFixed(0)} MB`;
    return `${v} (${x.points} traces)`;
  };
  return markdownTable(
    ["per million events", ...programs],
    measures.map((m) => [
      m,
      ...programs.map((p) => cell(s.find((x) => x.program === p && x.measure === m))),
    ]),
  );
}

/** The whole report in Markdown: the machine, both tables, the legend. */
export function markdown(res: ScaleResults): string {
  const m = res.machine;
  return [
    `Scale bench, ${res.date}: \`${res.command}\``,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB; Deno ${m.deno}, ${m.go}; load average ${m.loadStart} at start, ${m.loadEnd} at end.`,
    "",
    resultsTable(res.traces),
    "",
    "Growth (least squares over each program's traces; MB of peak RSS per million events = bytes per event):",
    "",
    slopesTable(res.slopes),
    "",
    "Pages: time to the first complete response; `progress A → B`: the first answer was the progress " +
    "page (after A), the real page came B after the first request. Times are medians where repeated; " +
    "`· Go …`: the same for `go tool trace` where it fits.",
  ].join("\n");
}
