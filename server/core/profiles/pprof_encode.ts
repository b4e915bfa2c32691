// Profile records as a gzipped pprof profile, laid out as Go's traceviewer.BuildProfile
// and profile.Write make it: sample types contentions/count and delay/nanoseconds, period
// type trace/count with period 1, one location per PC (line: function and line of the
// first frame seen at that PC) and one function per file+name, ids in order of first use,
// no mappings. Uses web APIs only (CompressionStream), so a browser can run it too.

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
import { MAX_FRAMES, type ProfileRecord } from "./pprof.ts";

/** A profile's value types: the two sample values (count, time) and the period. */
export interface ProfileUnits {
  count: [type: string, unit: string];
  time: [type: string, unit: string];
  period: [type: string, unit: string];
  periodValue: number;
}

/** The blocking profiles' units, as Go's BuildProfile writes them. */
export const BLOCKING_UNITS: ProfileUnits = {
  count: ["contentions", "count"],
  time: ["delay", "nanoseconds"],
  period: ["trace", "count"],
  periodValue: 1,
};

/** Go's BuildProfile over our records (other units for other profiles). */
export function buildProfile(
  t: Trace,
  records: ProfileRecord[],
  units: ProfileUnits = BLOCKING_UNITS,
): Profile {
  // String order as Go's preEncode adds them: sample types, functions, then period type.
  const strings = new StringTable();
  const sampleType = [
    new ValueType({ type: strings.dedup(units.count[0]), unit: strings.dedup(units.count[1]) }),
    new ValueType({ type: strings.dedup(units.time[0]), unit: strings.dedup(units.time[1]) }),
  ];
  const locations: Location[] = [];
  const functions: PprofFunction[] = [];
  const locByPC = new Map<bigint, Location>();
  const funcByKey = new Map<string, PprofFunction>();
  const samples: Sample[] = [];
  for (const rec of records) {
    const frames = t.stackFrameIds(rec.stack);
    const locationId: number[] = [];
    for (let k = 0; k < frames.length && k < MAX_FRAMES; k++) {
      const f = frames[k];
      const pc = t.framePC[f];
      let loc = locByPC.get(pc);
      if (!loc) {
        const name = t.string(t.frameFunc[f]);
        const file = t.string(t.frameFile[f]);
        // Go's key is the plain concatenation file+func.
        const key = file + name;
        let fn = funcByKey.get(key);
        if (!fn) {
          fn = new PprofFunction({
            id: functions.length + 1,
            name: strings.dedup(name),
            systemName: strings.dedup(name),
            filename: strings.dedup(file),
          });
          functions.push(fn);
          funcByKey.set(key, fn);
        }
        loc = new Location({
          id: locations.length + 1,
          address: pc,
          line: [new Line({ functionId: fn.id, line: t.frameLine[f] })],
        });
        locations.push(loc);
        locByPC.set(pc, loc);
      }
      locationId.push(loc.id as number);
    }
    samples.push(new Sample({ locationId, value: [rec.count, rec.time] }));
  }
  const periodType = new ValueType({
    type: strings.dedup(units.period[0]),
    unit: strings.dedup(units.period[1]),
  });
  return new Profile({
    sampleType,
    sample: samples,
    location: locations,
    function: functions,
    stringTable: strings,
    periodType,
    period: units.periodValue,
  });
}

/** The profile's protobuf encoding, gzipped (Go's profile.Write). */
export async function encodeProfile(p: Profile): Promise<Uint8Array> {
  const raw = p.encode();
  const gz = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(gz).arrayBuffer());
}
