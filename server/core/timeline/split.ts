// Go's split of a large trace into ranges of about 100 MiB of JSON each (cmd/trace
// splitTrace, traceviewer.SplittingTraceConsumer): the index page links each range as
// "/trace?view=proc&start=S&end=E" (indexes into /jsontrace's event list), and the MMU
// page picks the range a window falls in. Sizes are the bytes Go's encoder would write,
// computed without writing them; the split runs as the events stream by. No Deno APIs.

import type { PassOptions, Trace } from "../trace/trace.ts";
import { formatDuration } from "../util/go_duration.ts";
import { encodeEscaped } from "../util/utf8.ts";
import { Ev } from "../trace/kinds.ts";
import { Emitter } from "./emitter.ts";
import { Arg, NameKeyCache, type ViewerEvent, type ViewerSink } from "./event.ts";
import { argsJSON, eventJSON, jsonName } from "./json.ts";
import type { SplitRange } from "../contract/timeline.ts";

export type { SplitRange };

export const SPLIT_MAX = 100 << 20;

const encoder = new TextEncoder();
const nameBytes = new Map<string, number>();

// Characters Go escapes (" \ < > & and controls) or that take more than a byte.
const NOT_PLAIN = /[^\x20-\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]/;

/** UTF-8 length of Go's JSON encoding of a string, without building it when plain ASCII. */
function jsonBytesUncached(s: string): number {
  // A regular expression, not a charCodeAt loop: names are often concatenations, which
  // it flattens once.
  return NOT_PLAIN.test(s) ? encoder.encode(jsonName(s)).length : s.length + 2;
}

/** jsonBytesUncached, cached by string (names without a name key repeat a lot). */
function jsonBytes(s: string): number {
  let n = nameBytes.get(s);
  if (n === undefined) {
    n = jsonBytesUncached(s);
    if (nameBytes.size > 1_000_000) nameBytes.clear();
    nameBytes.set(s, n);
  }
  return n;
}

function digits(n: number): number {
  if (n < 0) return n === -1 ? 20 : 1 + digits(-n); // -1 is uint64 max
  if (n < 1e8) {
    return n < 1e4
      ? (n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4)
      : (n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : 8);
  }
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/** Length of Go's JSON float for ns/1000 (the "ts"/"dur" fields). */
function timeBytes(ns: number): number {
  if (!(ns >= 0 && ns < 1e15 && ns === Math.floor(ns))) return timeBytesSlow(ns);
  const ip = Math.floor(ns / 1000);
  // The fraction is an int32: integer %, not a call to fmod.
  const frac = (ns - ip * 1000) | 0;
  const fd = frac === 0 ? 0 : frac % 100 === 0 ? 2 : frac % 10 === 0 ? 3 : 4; // with the "."
  return digits(ip) + fd;
}

function timeBytesSlow(ns: number): number {
  if (!Number.isInteger(ns) || Math.abs(ns) >= 1e15) return String(ns / 1000).length;
  return 1 + timeBytes(-ns); // negative: a minus sign
}

/** Byte length of eventJSON(e), computed without building it for the common events. */
export function eventBytes(e: ViewerEvent, names?: NameKeyCache): number {
  let n = 2; // {}
  if (e.name !== "") { // "name":X,
    n += 8 +
      (names && e.nameKey >= 0
        ? names.get(e.nameKey, e.name, jsonBytesUncached)
        : jsonBytes(e.name));
  }
  n += 7 + e.ph.length; // "ph":"X"
  if (e.s !== "") n += 5 + jsonBytes(e.s); // ,"s":X
  n += 6 + timeBytes(e.ts); // ,"ts":
  if (e.dur !== 0) n += 7 + timeBytes(e.dur); // ,"dur":
  n += 7 + digits(e.pid) + 7 + digits(e.tid); // ,"pid": ,"tid":
  if (e.id !== 0) n += 6 + digits(e.id);
  if (e.sf !== 0) n += 6 + digits(e.sf);
  if (e.esf !== 0) n += 7 + digits(e.esf);
  if (e.arg !== Arg.None) n += 8 + argBytes(e); // ,"args":
  if (e.cname !== "") n += 9 + jsonBytes(e.cname);
  if (e.cat !== "") n += 7 + jsonBytes(e.cat);
  return n;
}

function argBytes(e: ViewerEvent): number {
  switch (e.arg) {
    case Arg.Blocked:
      return e.a0 ? 17 : 16; // {"blocked":"yes"}
    case Arg.SchedCtx: {
      let n = 2; // {}
      if (e.a0 !== 0) n += 9 + digits(e.a0); // "thread":
      if (e.a1 !== 0) n += 7 + digits(e.a1); // "proc":
      if (e.a0 !== 0 && e.a1 !== 0) n += 1;
      return n;
    }
    case Arg.Goroutines: // {"Running":,"Runnable":,"GCWaiting":}
      return 37 + digits(e.a0) + digits(e.a1) + digits(e.a2);
    case Arg.Threads: // {"Running":,"InSyscall":}
      return 25 + digits(e.a0) + digits(e.a1);
    case Arg.Heap: // {"Allocated":,"NextGC":}
      return 24 + digits(e.a0) + digits(e.a1);
  }
  return encoder.encode(argsJSON(e)).length;
}

// Go's stackFrameEncodedSize: an estimate of `"ID":{"name":"NAME","parent":P},` with the
// name's raw bytes (unescaped).
const FRAME_BASE = '"'.length + '":{"name":"'.length + '"},'.length;
const FRAME_PARENT = ',"parent":'.length;

function frameBytes(id: number, name: string, parent: number): number {
  let n = FRAME_BASE + encodeEscaped(name).length + digits(id);
  if (parent > 0) n += FRAME_PARENT + digits(parent);
  return n;
}

/**
 * The sink that computes Go's ranges as events stream by. `requiredSize` is what Go's
 * encoder writes for the required (metadata) part; see requiredSizeForProcView.
 */
export class TraceSplitter implements ViewerSink {
  readonly wantsFrames = true;
  readonly ranges: SplitRange[] = [];
  /** Optional events seen. */
  count = 0;
  #frameSize: number[] = [0];
  #parents: number[] = [0];
  #seen: Int32Array = new Int32Array(1024); // range number + 1 that counted the frame
  #nameBytes = new NameKeyCache();
  #rangeNo = 1;
  #start = 0;
  #startTime = 0;
  #lastTime = 0;
  #eventsSize = 0;
  #framesSize = 0;
  #spanStart = Infinity;
  #spanEnd = -Infinity;

  constructor(readonly requiredSize: number, readonly max = SPLIT_MAX) {}

  frame(id: number, name: string, parent: number): void {
    this.#frameSize[id] = frameBytes(id, name, parent);
    this.#parents[id] = parent;
  }

  #walk(id: number): void {
    while (id !== 0) {
      if (id >= this.#seen.length) {
        const bigger = new Int32Array(Math.max(id + 1, this.#seen.length * 2));
        bigger.set(this.#seen);
        this.#seen = bigger;
      }
      if (this.#seen[id] === this.#rangeNo) return; // parents counted too
      if (this.#frameSize[id] === undefined) return;
      this.#seen[id] = this.#rangeNo;
      this.#framesSize += this.#frameSize[id];
      id = this.#parents[id];
    }
  }

  event(e: ViewerEvent, required: boolean): void {
    if (required) return;
    const i = this.count++;
    // Go keeps the event's time as float µs and turns it back into ns by truncation.
    const time = Math.trunc((e.ts / 1000) * 1000);
    if (i === this.#start) this.#startTime = time;
    this.#lastTime = time;
    if (e.ts < this.#spanStart) this.#spanStart = e.ts;
    if (e.ts + e.dur > this.#spanEnd) this.#spanEnd = e.ts + e.dur;
    this.#eventsSize += eventBytes(e, this.#nameBytes) + 2; // newline and comma
    if (e.sf) this.#walk(e.sf);
    if (e.esf) this.#walk(e.esf);
    if (this.requiredSize + this.#framesSize + this.#eventsSize < this.max) return;
    this.ranges.push({
      name: `${formatDuration(this.#startTime)}-${formatDuration(time)}`,
      start: this.#start,
      end: i + 1,
      startTime: this.#startTime,
      endTime: time,
      spanStart: this.#spanStart,
      spanEnd: this.#spanEnd,
    });
    this.#spanStart = Infinity;
    this.#spanEnd = -Infinity;
    this.#start = i + 1;
    this.#rangeNo++;
    this.#framesSize = 0;
    this.#eventsSize = 0;
  }

  flush(): void {
    if (this.ranges.length <= 1) {
      this.ranges.length = 0;
      return;
    }
    // Go's last range ends one event short of the end.
    const end = this.count - 1;
    if (this.#start < end) {
      this.ranges.push({
        name: `${formatDuration(this.#startTime)}-${formatDuration(this.#lastTime)}`,
        start: this.#start,
        end,
        startTime: this.#startTime,
        endTime: this.#lastTime,
        spanStart: this.#spanStart,
        spanEnd: this.#spanEnd,
      });
    }
  }
}

/** The highest proc id the proc view names (Go's procGenerator.maxProc): a pass. */
export async function maxProcOf(t: Trace, pass: PassOptions = {}): Promise<number> {
  let max = 0;
  const n = t.validCount;
  for await (const b of t.eachBlock(0, n > 0 ? t.blockOf(n - 1) + 1 : 0, pass)) {
    const stop = Math.min(b.count, n - b.first);
    for (let i = 0; i < stop; i++) {
      const typ = b.type[i];
      if (typ >= Ev.ProcStart && typ <= Ev.ProcStatus) {
        const p = t.pId[b.a0[i]];
        if (p > max) max = p;
      }
    }
  }
  return max;
}

/** Bytes Go's encoder writes for the required part of the default proc view. */
export function requiredSizeForProcView(t: Trace, maxProc: number): number {
  const events: string[] = [];
  const capture: ViewerSink = {
    wantsFrames: false,
    event: (e) => events.push(eventJSON(e)),
    frame: () => {},
    flush: () => {},
  };
  const em = new Emitter(t, capture, 0, Infinity);
  em.setResourceType("PROCS");
  for (let p = 0; p <= maxProc; p++) em.resource(p, `Proc ${p}`);
  em.flush();
  const text = `{"traceEvents":[${events.join(",")}],"stackFrames":{},"displayTimeUnit":"ns"}\n`;
  return encoder.encode(text).length;
}
