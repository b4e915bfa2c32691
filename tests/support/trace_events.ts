// Chrome trace-event JSON (what /jsontrace serves) reduced to what must agree between Go
// and traceglass whatever the order Go's maps iterate in: per (phase, name, pid, tid) the
// number of events, their summed durations and summed numeric args; and a validity check
// of the format (the fields each phase needs, flow pairs, stack-frame references).

export interface TraceEventJSON {
  displayTimeUnit?: string;
  traceEvents: Record<string, unknown>[];
  stackFrames: Record<string, { name: string; parent?: number }>;
}

export interface EventGroup {
  count: number;
  dur: number;
  args: Record<string, number>;
}

/** Groups by "ph|name|pid|tid"; durations and args summed (µs, as in the JSON). */
export function groupEvents(doc: TraceEventJSON): Map<string, EventGroup> {
  const out = new Map<string, EventGroup>();
  for (const e of doc.traceEvents) {
    const key = `${e.ph}|${e.name ?? ""}|${e.pid}|${e.tid}`;
    let g = out.get(key);
    if (!g) out.set(key, g = { count: 0, dur: 0, args: {} });
    g.count++;
    g.dur += (e.dur as number | undefined) ?? 0;
    const args = e.args as Record<string, unknown> | undefined;
    if (args && e.ph !== "M") {
      for (const [k, v] of Object.entries(args)) {
        if (typeof v === "number") g.args[k] = (g.args[k] ?? 0) + v;
      }
    }
  }
  return out;
}

/** Differences between two groupings, as readable lines (empty when they agree). */
export function diffGroups(want: Map<string, EventGroup>, got: Map<string, EventGroup>): string[] {
  const out: string[] = [];
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a));
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const w = want.get(key), g = got.get(key);
    if (!w || !g) {
      out.push(`${key}: go ${w?.count ?? 0} events, ours ${g?.count ?? 0}`);
      continue;
    }
    if (w.count !== g.count) out.push(`${key}: go ${w.count} events, ours ${g.count}`);
    if (!close(w.dur, g.dur)) out.push(`${key}: go dur ${w.dur}, ours ${g.dur}`);
    for (const k of new Set([...Object.keys(w.args), ...Object.keys(g.args)])) {
      if (!close(w.args[k] ?? 0, g.args[k] ?? 0)) {
        out.push(`${key}: args.${k} go ${w.args[k]}, ours ${g.args[k]}`);
      }
    }
  }
  return out.sort();
}

const PHASES = new Set(["X", "I", "C", "M", "s", "t", "b", "e"]);

/** Problems with the document as trace-event format (empty when valid). */
export function validateTraceEvents(doc: TraceEventJSON): string[] {
  const problems: string[] = [];
  if (!Array.isArray(doc.traceEvents)) return ["traceEvents is not an array"];
  if (typeof doc.stackFrames !== "object" || doc.stackFrames === null) {
    problems.push("stackFrames is not an object");
  }
  const frames = doc.stackFrames ?? {};
  for (const [id, f] of Object.entries(frames)) {
    if (typeof f.name !== "string") problems.push(`frame ${id} has no name`);
    if (f.parent !== undefined && !(String(f.parent) in frames)) {
      problems.push(`frame ${id}: parent ${f.parent} missing`);
    }
  }
  const flows = new Map<string, number>();
  const asyncOpen = new Map<string, number>();
  doc.traceEvents.forEach((e, i) => {
    const where = `event ${i} (${e.ph} ${e.name ?? ""})`;
    if (!PHASES.has(e.ph as string)) problems.push(`${where}: unknown phase`);
    if (typeof e.ts !== "number" || !Number.isFinite(e.ts)) problems.push(`${where}: bad ts`);
    if (typeof e.pid !== "number" || typeof e.tid !== "number") {
      problems.push(`${where}: bad pid/tid`);
    }
    if (e.dur !== undefined && (typeof e.dur !== "number" || !Number.isFinite(e.dur))) {
      problems.push(`${where}: bad dur`);
    }
    for (const k of ["sf", "esf"]) {
      if (e[k] !== undefined && !(String(e[k]) in frames)) {
        problems.push(`${where}: ${k} ${e[k]} missing`);
      }
    }
    if (e.ph === "C" && (typeof e.args !== "object" || e.args === null)) {
      problems.push(`${where}: no args`);
    }
    if (e.ph === "M" && typeof e.args !== "object") problems.push(`${where}: no args`);
    if (e.ph === "I" && e.s !== "t") problems.push(`${where}: instant scope ${e.s}`);
    if (e.ph === "s" || e.ph === "t") {
      if (typeof e.id !== "number") problems.push(`${where}: flow without id`);
      const k = `${e.pid}:${e.id}`;
      flows.set(k, (flows.get(k) ?? 0) + (e.ph === "s" ? 1 : -1));
    }
    if (e.ph === "b" || e.ph === "e") {
      const k = `${e.cat}:${e.id}`;
      asyncOpen.set(k, (asyncOpen.get(k) ?? 0) + (e.ph === "b" ? 1 : -1));
    }
  });
  for (const [k, n] of flows) if (n !== 0) problems.push(`flow ${k}: unpaired`);
  for (const [k, n] of asyncOpen) if (n !== 0) problems.push(`async slice ${k}: unpaired`);
  return problems;
}
