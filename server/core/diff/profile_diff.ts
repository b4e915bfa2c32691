// Two profiles of the same kind (from two traces) as one differential profile: stacks
// matched by function and line (program counters differ between builds), each with its
// count and time in both. Also the difference as a pprof profile (new minus old, as
// `go tool pprof -diff_base` computes it), which `go tool pprof` reads. No Deno APIs.

import {
  Function as PprofFunction,
  Line,
  Location,
  Profile,
  Sample,
  StringTable,
  ValueType,
} from "pprof-format";
import type { Trace } from "../trace/trace.ts";
import { MAX_FRAMES, type ProfileRecord } from "../profiles/pprof.ts";
import type { ProfileUnits } from "../profiles/pprof_encode.ts";
import type { DiffFrame, DiffProfileModel, Pair } from "../contract/diff.ts";

export type DiffSamples = Pick<DiffProfileModel, "frames" | "samples">;

/** The records of `before` (in trace `tb`) and `after` (in `ta`), matched by stack. */
export function diffSamples(
  tb: Trace,
  before: ProfileRecord[],
  ta: Trace,
  after: ProfileRecord[],
): DiffSamples {
  const frames: DiffFrame[] = [];
  const frameIndex = new Map<string, number>();
  const samples: DiffSamples["samples"] = [];
  const sampleIndex = new Map<string, number>();
  const add = (t: Trace, recs: ProfileRecord[], side: keyof Pair) => {
    const byFrameId = new Map<number, number>();
    for (const r of recs) {
      const ids = t.stackFrameIds(r.stack);
      const stack: number[] = [];
      for (let i = 0; i < ids.length && i < MAX_FRAMES; i++) {
        let fi = byFrameId.get(ids[i]);
        if (fi === undefined) {
          const func = t.string(t.frameFunc[ids[i]]), line = Number(t.frameLine[ids[i]]);
          const key = `${func}\0${line}`;
          fi = frameIndex.get(key);
          if (fi === undefined) {
            fi = frames.length;
            frames.push({ func, file: t.string(t.frameFile[ids[i]]), line });
            frameIndex.set(key, fi);
          }
          byFrameId.set(ids[i], fi);
        }
        stack.push(fi);
      }
      const key = stack.join(",");
      let k = sampleIndex.get(key);
      if (k === undefined) {
        k = samples.length;
        samples.push({ stack, count: { before: 0, after: 0 }, time: { before: 0, after: 0 } });
        sampleIndex.set(key, k);
      }
      samples[k].count[side] += r.count;
      samples[k].time[side] += r.time;
    }
  };
  add(tb, before, "before");
  add(ta, after, "after");
  return { frames, samples };
}

/** Totals of both sides. */
export function diffTotals(d: DiffSamples): { count: Pair; time: Pair } {
  const count = { before: 0, after: 0 }, time = { before: 0, after: 0 };
  for (const s of d.samples) {
    count.before += s.count.before;
    count.after += s.count.after;
    time.before += s.time.before;
    time.after += s.time.after;
  }
  return { count, time };
}

/**
 * Functions by flat time (where they are the leaf) in both, ranked by the absolute
 * change, largest first; `cum` ranks by the time of stacks they are anywhere in.
 */
export function functionChanges(
  d: DiffSamples,
  cum = false,
): (Pair & { func: string })[] {
  const rows = new Map<string, Pair & { func: string }>();
  for (const s of d.samples) {
    const names = cum
      ? new Set(s.stack.map((f) => d.frames[f].func))
      : s.stack.length > 0
      ? [d.frames[s.stack[0]].func]
      : ["(no stack)"];
    for (const func of names) {
      let r = rows.get(func);
      if (!r) rows.set(func, r = { func, before: 0, after: 0 });
      r.before += s.time.before;
      r.after += s.time.after;
    }
  }
  return [...rows.values()].sort((a, b) =>
    Math.abs(b.after - b.before) - Math.abs(a.after - a.before) ||
    (a.func < b.func ? -1 : a.func > b.func ? 1 : 0)
  );
}

/** The difference as a pprof profile: each stack's new minus old count and time. */
export function diffProfile(d: DiffSamples, units: ProfileUnits): Profile {
  const strings = new StringTable();
  const sampleType = [
    new ValueType({ type: strings.dedup(units.count[0]), unit: strings.dedup(units.count[1]) }),
    new ValueType({ type: strings.dedup(units.time[0]), unit: strings.dedup(units.time[1]) }),
  ];
  const functions: PprofFunction[] = [];
  const funcByKey = new Map<string, PprofFunction>();
  const locations: Location[] = [];
  const locByFrame = new Map<number, Location>();
  const location = (fi: number) => {
    let loc = locByFrame.get(fi);
    if (!loc) {
      const f = d.frames[fi];
      const key = `${f.file}\0${f.func}`;
      let fn = funcByKey.get(key);
      if (!fn) {
        fn = new PprofFunction({
          id: functions.length + 1,
          name: strings.dedup(f.func),
          systemName: strings.dedup(f.func),
          filename: strings.dedup(f.file),
        });
        functions.push(fn);
        funcByKey.set(key, fn);
      }
      loc = new Location({
        id: locations.length + 1,
        line: [new Line({ functionId: fn.id, line: f.line })],
      });
      locations.push(loc);
      locByFrame.set(fi, loc);
    }
    return loc.id as number;
  };
  const samples: Sample[] = [];
  for (const s of d.samples) {
    const dc = s.count.after - s.count.before, dt = Math.round(s.time.after - s.time.before);
    if (dc === 0 && dt === 0) continue;
    samples.push(new Sample({ locationId: s.stack.map(location), value: [dc, dt] }));
  }
  return new Profile({
    sampleType,
    sample: samples,
    location: locations,
    function: functions,
    stringTable: strings,
    periodType: new ValueType({
      type: strings.dedup(units.period[0]),
      unit: strings.dedup(units.period[1]),
    }),
    period: units.periodValue,
  });
}
