// The Chrome trace-event JSON `go tool trace` serves at /jsontrace, byte for byte in
// Go's field order and number format (traceviewer.ViewerDataTraceConsumer): events whose
// index in the output falls outside [startIdx, endIdx] are dropped unless required
// (metadata), and only the stack frames the written events use are listed. No Deno APIs.

import { jsonFloat, jsonString } from "../util/go_json.ts";
import { Arg, type ViewerEvent, type ViewerSink } from "./event.ts";

/** A resource id as Go's uint64 prints it (-1 is 2^64-1). */
export function u64(n: number): string {
  return n >= 0 ? String(n) : (2n ** 64n + BigInt(n)).toString();
}

/** Go's viewerTime(ns) as encoding/json writes the float64 (µs). */
export function viewerTime(ns: number): string {
  const us = ns / 1000;
  const abs = Math.abs(us);
  // JavaScript's shortest form equals Go's 'f' form in this range.
  if ((abs >= 1e-6 && abs < 1e21) || us === 0) return Object.is(us, -0) ? "-0" : String(us);
  return jsonFloat(us);
}

const nameCache = new Map<string, string>();

/** jsonString, cached: names repeat a lot. */
export function jsonName(s: string): string {
  let q = nameCache.get(s);
  if (q === undefined) {
    q = jsonString(s);
    if (nameCache.size > 1_000_000) nameCache.clear();
    nameCache.set(s, q);
  }
  return q;
}

export function argsJSON(e: ViewerEvent): string {
  switch (e.arg) {
    case Arg.Blocked:
      return `{"blocked":"${e.a0 ? "yes" : "no"}"}`;
    case Arg.SchedCtx: {
      const parts: string[] = [];
      if (e.a0 !== 0) parts.push(`"thread":${u64(e.a0)}`);
      if (e.a1 !== 0) parts.push(`"proc":${u64(e.a1)}`);
      return `{${parts.join(",")}}`;
    }
    case Arg.Goroutines:
      return `{"Running":${u64(e.a0)},"Runnable":${u64(e.a1)},"GCWaiting":${u64(e.a2)}}`;
    case Arg.Threads:
      return `{"Running":${e.a0},"InSyscall":${e.a1}}`;
    case Arg.Heap:
      return `{"Allocated":${e.a0},"NextGC":${e.a1}}`;
    case Arg.Task: {
      let s = `{"id":${u64(e.a0)}`;
      if (e.a1 !== 0) s += `,"start_g":${u64(e.a1)}`;
      if (e.a2 !== 0) s += `,"end_g":${u64(e.a2)}`;
      return s + "}";
    }
    case Arg.Region:
      return `{"taskid":${u64(e.a0)}}`;
    case Arg.Name:
      return `{"name":${jsonName(e.argName)}}`;
    case Arg.SortIndex:
      return `{"sort_index":${e.a0}}`;
  }
  return "";
}

/** One event as encoding/json writes Go's format.Event (without the newline). */
export function eventJSON(e: ViewerEvent): string {
  let s = "{";
  if (e.name !== "") s += `"name":${jsonName(e.name)},`;
  s += `"ph":"${e.ph}"`;
  if (e.s !== "") s += `,"s":${jsonName(e.s)}`;
  s += `,"ts":${viewerTime(e.ts)}`;
  if (e.dur !== 0) s += `,"dur":${viewerTime(e.dur)}`;
  s += `,"pid":${e.pid},"tid":${u64(e.tid)}`;
  if (e.id !== 0) s += `,"id":${e.id}`;
  if (e.sf !== 0) s += `,"sf":${e.sf}`;
  if (e.esf !== 0) s += `,"esf":${e.esf}`;
  if (e.arg !== Arg.None) s += `,"args":${argsJSON(e)}`;
  if (e.cname !== "") s += `,"cname":${jsonName(e.cname)}`;
  if (e.cat !== "") s += `,"cat":${jsonName(e.cat)}`;
  return s + "}";
}

/** A viewer frame as Go encodes format.Frame. */
export function frameJSON(name: string, parent: number): string {
  return parent !== 0
    ? `{"name":${jsonString(name)},"parent":${parent}}`
    : `{"name":${jsonString(name)}}`;
}

/** Go's ViewerDataTraceConsumer: writes the JSON in chunks through `out`. */
export class JSONTraceWriter implements ViewerSink {
  readonly wantsFrames = true;
  #buf = "";
  #index = -1;
  #written = 0;
  // Frames by id: name and parent; and which ones the written events use.
  #names: string[] = [""];
  #parents: number[] = [0];
  #used: Uint8Array = new Uint8Array(1024);

  constructor(
    readonly out: (chunk: string) => void,
    readonly startIdx = 0,
    readonly endIdx = Number.MAX_SAFE_INTEGER,
    /** Flush to `out` when the buffer reaches this many characters. */
    readonly chunk = 1 << 16,
  ) {
    this.#buf = `{"displayTimeUnit":"ns"\n,`;
  }

  frame(id: number, name: string, parent: number): void {
    this.#names[id] = name;
    this.#parents[id] = parent;
  }

  #use(id: number): void {
    while (id !== 0) {
      if (id >= this.#used.length) {
        const bigger = new Uint8Array(Math.max(id + 1, this.#used.length * 2));
        bigger.set(this.#used);
        this.#used = bigger;
      }
      if (this.#used[id]) return; // its parents are marked already
      if (this.#names[id] === undefined) return;
      this.#used[id] = 1;
      id = this.#parents[id];
    }
  }

  event(e: ViewerEvent, required: boolean): void {
    this.#index++;
    if (!required && (this.#index < this.startIdx || this.#index > this.endIdx)) return;
    if (e.sf) this.#use(e.sf);
    if (e.esf) this.#use(e.esf);
    this.#buf += this.#written === 0 ? `"traceEvents": [` : ",";
    this.#buf += eventJSON(e) + "\n";
    this.#written++;
    if (this.#buf.length >= this.chunk) {
      this.out(this.#buf);
      this.#buf = "";
    }
  }

  flush(): void {
    // Go encodes the frame map with its keys (decimal ids) sorted as strings.
    const ids: string[] = [];
    for (let id = 1; id < this.#used.length; id++) if (this.#used[id]) ids.push(String(id));
    ids.sort();
    let s = `], "stackFrames":{`;
    for (let k = 0; k < ids.length; k++) {
      const id = Number(ids[k]);
      if (k > 0) s += ",";
      s += `"${ids[k]}":${frameJSON(this.#names[id], this.#parents[id])}`;
    }
    this.#buf += s + "}\n}";
    this.out(this.#buf);
    this.#buf = "";
  }
}
