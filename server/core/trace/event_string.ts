// Go's trace.Event.String(): what `go tool trace -d=parsed` prints, byte for byte.
// Quoted strings and stack texts are cached per id: they repeat a lot.

import { goQuote } from "../util/go_quote.ts";
import { decodeEscaped } from "../util/utf8.ts";
import { V2_EXPERIMENTS, V2_SPECS } from "./v2_specs.ts";
import { Ev, GO_STATES, isProcTransition, kindOfType, METRIC_NAMES, PROC_STATES } from "./kinds.ts";
import type { Trace } from "./trace.ts";
import type { EventBlock } from "./block.ts";
import {
  annotationTypeAt,
  assistGoroutine,
  experimentalArgsAt,
  labelAt,
  logCategory,
  logMessage,
  metricValue,
  stwKind,
  sweepProc,
  sweepResult,
  syncInfoAt,
  syncNumber,
  taskAt,
  taskParentAt,
  transitionFrom,
  transitionReason,
  transitionResource,
  transitionStack,
  transitionTo,
} from "./event.ts";

const NO_TASK = 0xffffffffffffffffn;

/** The tables an event's text refers to (a Trace has them; so does a pass in progress). */
export interface TraceTables {
  readonly gIds: BigInt64Array;
  readonly pIds: BigInt64Array;
  readonly mIds: BigInt64Array;
  readonly taskIds: BigUint64Array;
  readonly ctxM: Uint32Array;
  readonly ctxP: Uint32Array;
  readonly ctxG: Uint32Array;
  readonly framePC: BigUint64Array;
  readonly frameFunc: Uint32Array;
  readonly frameFile: Uint32Array;
  readonly frameLine: BigUint64Array;
  stringBytesOf(id: number): Uint8Array;
  stackFrameIds(id: number): Uint32Array;
}

/**
 * Formats events of one trace; keeps caches for that trace (ids are stable while a
 * trace is read, so the tables may be re-read between blocks).
 */
export class EventPrinter {
  #quoted: (string | undefined)[] = [];
  #stacks: (string | undefined)[] = [];
  #base: number;
  #baseExact: boolean;
  t: TraceTables;

  constructor(tables: TraceTables, readonly baseTime: bigint) {
    this.t = tables;
    this.#base = Number(baseTime);
    this.#baseExact = baseTime >= -(2n ** 52n) && baseTime < 2n ** 53n;
  }

  /** Go's %q of string id. */
  q(id: number): string {
    let s = this.#quoted[id];
    if (s === undefined) {
      s = goQuote(this.t.stringBytesOf(id));
      this.#quoted[id] = s;
    }
    return s;
  }

  /** Go's printStack with prefix "\t". */
  stackText(id: number): string {
    let s = this.#stacks[id];
    if (s === undefined) {
      const t = this.t;
      let out = "";
      for (const f of t.stackFrameIds(id)) {
        // %s: raw bytes (see decodeEscaped), not U+FFFD for invalid UTF-8.
        out += "\t" + decodeEscaped(t.stringBytesOf(t.frameFunc[f])) + " @ 0x" +
          t.framePC[f].toString(16) + "\n\t\t" + decodeEscaped(t.stringBytesOf(t.frameFile[f])) +
          ":" + t.frameLine[f] + "\n";
      }
      s = out;
      this.#stacks[id] = s;
    }
    return s;
  }

  time(b: EventBlock, j: number): string {
    const v = this.#base + b.time[j];
    // Absolute times are exact in a double below 2^53.
    if (this.#baseExact && Number.isSafeInteger(v) && b.bigTimes.size === 0) return String(v);
    return String(b.bigTimes.get(j) ?? this.baseTime + BigInt(b.time[j]));
  }

  task(idx: number): string {
    return this.t.taskIds[idx].toString();
  }

  /** The text of row j of block b, without the trailing newline Println adds. */
  format(b: EventBlock, j: number): string {
    const t = this.t;
    const typ = b.type[j];
    const c = b.ctx[j];
    const g = t.gIds[t.ctxG[c]];
    const kind = kindOfType(typ);
    let s = `M=${t.mIds[t.ctxM[c]]} P=${t.pIds[t.ctxP[c]]} G=${g} ${kind} Time=${this.time(b, j)}`;
    switch (kind) {
      case "Metric":
        s += ` Name="${METRIC_NAMES[typ]}" Value=Value{Uint64(${metricValue(b, j)})}`;
        break;
      case "Label":
        s += ` Label=${this.q(labelAt(b, j))} Resource=Goroutine(${g})`;
        break;
      case "RangeBegin":
      case "RangeActive":
      case "RangeEnd":
        s += this.#range(b, j, typ, g);
        break;
      case "TaskBegin":
      case "TaskEnd":
        s += ` ID=${this.task(taskAt(b, j))} Parent=${this.task(taskParentAt(b, j))} Type=${
          this.q(annotationTypeAt(b, j))
        }`;
        break;
      case "RegionBegin":
      case "RegionEnd":
        s += ` Task=${this.task(taskAt(b, j))} Type=${this.q(annotationTypeAt(b, j))}`;
        break;
      case "Log":
        s += ` Task=${this.task(taskAt(b, j))} Category=${this.q(logCategory(b, j))} Message=${
          this.q(logMessage(b, j))
        }`;
        break;
      case "StateTransition":
        s += this.#transition(b, j, typ);
        break;
      case "Experimental":
        s += this.#experimental(b, j, typ);
        break;
      case "Sync":
        s += this.#sync(b, j);
        break;
    }
    const stk = b.stack[j];
    if (stk !== 0) s += "\nStack=\n" + this.stackText(stk);
    return s;
  }

  #range(b: EventBlock, j: number, typ: number, g: bigint): string {
    const t = this.t;
    let name: string;
    let scope: string;
    switch (typ) {
      case Ev.STWBegin:
      case Ev.STWEnd:
        // Go builds the name from the kind string; quote the whole name.
        name = goQuote(
          concat(
            new TextEncoder().encode("stop-the-world ("),
            t.stringBytesOf(stwKind(b, j)),
            new TextEncoder().encode(")"),
          ),
        );
        scope = `Goroutine(${g})`;
        break;
      case Ev.GCBegin:
      case Ev.GCActive:
      case Ev.GCEnd:
        name = `"GC concurrent mark phase"`;
        scope = "None";
        break;
      case Ev.GCSweepBegin:
      case Ev.GCSweepActive:
      case Ev.GCSweepEnd: {
        name = `"GC incremental sweep"`;
        const p = typ === Ev.GCSweepActive ? t.pIds[sweepProc(b, j)] : t.pIds[t.ctxP[b.ctx[j]]];
        scope = `Proc(${p})`;
        break;
      }
      default: {
        name = `"GC mark assist"`;
        const gg = typ === Ev.GCMarkAssistActive ? t.gIds[assistGoroutine(b, j)] : g;
        scope = `Goroutine(${gg})`;
      }
    }
    let s = ` Name=${name} Scope=${scope}`;
    if (kindOfType(typ) === "RangeEnd") {
      s += " Attributes=[";
      if (typ === Ev.GCSweepEnd) {
        const { swept, reclaimed } = sweepResult(b, j);
        s += `"bytes swept"=Value{Uint64(${swept})} "bytes reclaimed"=Value{Uint64(${reclaimed})}`;
      }
      s += "]";
    }
    return s;
  }

  #transition(b: EventBlock, j: number, typ: number): string {
    const t = this.t;
    const from = transitionFrom(b, j), to = transitionTo(b, j);
    let s: string;
    if (isProcTransition(typ)) {
      s = ` ProcID=${t.pIds[transitionResource(b, j)]} ${PROC_STATES[from] ?? "Bad"}->${
        PROC_STATES[to] ?? "Bad"
      }`;
    } else {
      s = ` GoID=${t.gIds[transitionResource(b, j)]} ${GO_STATES[from] ?? "Bad"}->${
        GO_STATES[to] ?? "Bad"
      }`;
    }
    const reason = transitionReason(b, j);
    s += ` Reason=${this.q(reason)}`; // "" (string 0) when it has none
    // GoCreate's transition stack is a handle even when its id is 0, so Go prints the
    // header with no frames; other events use Event.Stack(), which is NoStack for 0.
    const tstack = transitionStack(b, j);
    const isCreate = typ === Ev.GoCreate || typ === Ev.GoCreateBlocked;
    if (tstack !== 0 || isCreate) s += "\nTransitionStack=\n" + this.stackText(tstack);
    return s;
  }

  #experimental(b: EventBlock, j: number, typ: number): string {
    const spec = V2_SPECS[typ];
    const names = spec.args.slice(1);
    const x = experimentalArgsAt(b, j);
    const parts = names.map((n, k) => `${n}=Value{Uint64(${b.extra[x + k]})}`);
    return ` Name=${spec.name} Args=[${parts.join(", ")}]`;
  }

  #sync(b: EventBlock, j: number): string {
    let s = ` N=${syncNumber(b, j)}`;
    const info = syncInfoAt(b, j);
    if (info >= 0 && b.extra[info] !== 0n) {
      const trace = BigInt.asIntN(64, b.extra[info + 1]);
      const mono = b.extra[info + 2];
      const sec = BigInt.asIntN(64, b.extra[info + 3]);
      const nsec = BigInt.asIntN(64, b.extra[info + 4]);
      s += ` Trace=${trace} Mono=${mono} Wall=${formatRFC3339Nano(sec, nsec)}`;
    }
    return s;
  }
}

/** Names of experiments by id (for Sync details). */
export const experimentName = (id: number) => V2_EXPERIMENTS[id] ?? `exp${id}`;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Go's time.Unix(sec, nsec).Format(time.RFC3339Nano) in the local time zone (tests run
 * with TZ=UTC). The zone offset comes from the JS runtime's idea of local time.
 */
export function formatRFC3339Nano(sec: bigint, nsec: bigint): string {
  // Normalize like time.Unix.
  if (nsec < 0n || nsec >= 1_000_000_000n) {
    sec += nsec / 1_000_000_000n;
    nsec %= 1_000_000_000n;
    if (nsec < 0n) {
      nsec += 1_000_000_000n;
      sec -= 1n;
    }
  }
  const ms = Number(sec) * 1000;
  const offsetMin = -new Date(ms).getTimezoneOffset();
  const local = new Date(ms + offsetMin * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  let s = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${
    pad(local.getUTCDate())
  }T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  if (nsec !== 0n) s += "." + nsec.toString().padStart(9, "0").replace(/0+$/, "");
  if (offsetMin === 0) return s + "Z";
  const a = Math.abs(offsetMin);
  return s + (offsetMin < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + ":" + pad(a % 60);
}

/** Writes text in chunks of about 64 KiB. */
export class ChunkedText {
  #buf = "";
  constructor(readonly out: (chunk: string) => void) {}
  line(s: string): void {
    this.#buf += s + "\n";
    if (this.#buf.length > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.#buf) this.out(this.#buf);
    this.#buf = "";
  }
}

/**
 * Writes every event of a parsed trace as `go tool trace -d=parsed` does: one event per
 * line, in chunks for the caller to write.
 */
export async function printParsed(trace: Trace, out: (chunk: string) => void): Promise<void> {
  const p = new EventPrinter(trace, trace.baseTime);
  const text = new ChunkedText(out);
  for await (const b of trace.eachBlock()) {
    for (let j = 0; j < b.count; j++) text.line(p.format(b, j));
  }
  text.flush();
}

export { NO_TASK };
