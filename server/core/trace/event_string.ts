// Go's trace.Event.String(): what `go tool trace -d=parsed` prints, byte for byte.
// Quoted strings and stack texts are cached per id: they repeat a lot.

import { goQuote } from "../util/go_quote.ts";
import { decodeEscaped } from "../util/utf8.ts";
import { V2_EXPERIMENTS, V2_SPECS } from "./v2_specs.ts";
import { Ev, GO_STATES, isProcTransition, kindOfType, METRIC_NAMES, PROC_STATES } from "./kinds.ts";
import type { Trace } from "./trace.ts";

const NO_TASK = 0xffffffffffffffffn;

/** Formats events of one trace; keeps caches for that trace. */
export class EventPrinter {
  #quoted: (string | undefined)[] = [];
  #stacks: (string | undefined)[] = [];
  #useNumbers: boolean;
  #base: number;

  constructor(readonly trace: Trace) {
    const last = trace.count > 0 ? trace.time[trace.count - 1] : 0;
    const b = trace.baseTime;
    // Absolute times fit in a double exactly when base + last stays below 2^53.
    this.#useNumbers = b >= -(2n ** 52n) && b + BigInt(last) < 2n ** 53n &&
      trace.bigTimes.size === 0;
    this.#base = Number(b);
  }

  /** Go's %q of string id. */
  q(id: number): string {
    let s = this.#quoted[id];
    if (s === undefined) {
      s = goQuote(this.trace.stringBytesOf(id));
      this.#quoted[id] = s;
    }
    return s;
  }

  /** Go's printStack with prefix "\t". */
  stackText(id: number): string {
    let s = this.#stacks[id];
    if (s === undefined) {
      const t = this.trace;
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

  time(i: number): string {
    const t = this.trace;
    return this.#useNumbers ? String(this.#base + t.time[i]) : String(t.absTime(i));
  }

  task(idx: number): string {
    return this.trace.taskIds[idx].toString();
  }

  /** The text of event i, without the trailing newline Println adds. */
  format(i: number): string {
    const t = this.trace;
    const typ = t.type[i];
    const c = t.ctx[i];
    const g = t.gIds[t.ctxG[c]];
    const kind = kindOfType(typ);
    let s = `M=${t.mIds[t.ctxM[c]]} P=${t.pIds[t.ctxP[c]]} G=${g} ${kind} Time=${this.time(i)}`;
    switch (kind) {
      case "Metric":
        s += ` Name="${METRIC_NAMES[typ]}" Value=Value{Uint64(${t.value64(i)})}`;
        break;
      case "Label":
        s += ` Label=${this.q(t.a0[i])} Resource=Goroutine(${g})`;
        break;
      case "RangeBegin":
      case "RangeActive":
      case "RangeEnd":
        s += this.#range(i, typ, g);
        break;
      case "TaskBegin":
      case "TaskEnd":
        s += ` ID=${this.task(t.a0[i])} Parent=${this.task(t.a1[i])} Type=${this.q(t.a2[i])}`;
        break;
      case "RegionBegin":
      case "RegionEnd":
        s += ` Task=${this.task(t.a0[i])} Type=${this.q(t.a1[i])}`;
        break;
      case "Log":
        s += ` Task=${this.task(t.a0[i])} Category=${this.q(t.a1[i])} Message=${this.q(t.a2[i])}`;
        break;
      case "StateTransition":
        s += this.#transition(i, typ);
        break;
      case "Experimental":
        s += this.#experimental(i, typ);
        break;
      case "Sync":
        s += this.#sync(i);
        break;
    }
    const stk = t.stack[i];
    if (stk !== 0) s += "\nStack=\n" + this.stackText(stk);
    return s;
  }

  #range(i: number, typ: number, g: bigint): string {
    const t = this.trace;
    let name: string;
    let scope: string;
    switch (typ) {
      case Ev.STWBegin:
      case Ev.STWEnd:
        // Go builds the name from the kind string; quote the whole name.
        name = goQuote(
          concat(
            new TextEncoder().encode("stop-the-world ("),
            t.stringBytesOf(t.a0[i]),
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
        const p = typ === Ev.GCSweepActive ? t.pIds[t.a0[i]] : t.pIds[t.ctxP[t.ctx[i]]];
        scope = `Proc(${p})`;
        break;
      }
      default: {
        name = `"GC mark assist"`;
        const gg = typ === Ev.GCMarkAssistActive ? t.gIds[t.a0[i]] : g;
        scope = `Goroutine(${gg})`;
      }
    }
    let s = ` Name=${name} Scope=${scope}`;
    if (kindOfType(typ) === "RangeEnd") {
      s += " Attributes=[";
      if (typ === Ev.GCSweepEnd) {
        const x = t.a0[i];
        s += `"bytes swept"=Value{Uint64(${t.extra[x]})} "bytes reclaimed"=Value{Uint64(${
          t.extra[x + 1]
        })}`;
      }
      s += "]";
    }
    return s;
  }

  #transition(i: number, typ: number): string {
    const t = this.trace;
    const st = t.state[i];
    let s: string;
    if (isProcTransition(typ)) {
      s = ` ProcID=${t.pIds[t.a0[i]]} ${PROC_STATES[st >> 4] ?? "Bad"}->${
        PROC_STATES[st & 15] ?? "Bad"
      }`;
    } else {
      s = ` GoID=${t.gIds[t.a0[i]]} ${GO_STATES[st >> 4] ?? "Bad"}->${GO_STATES[st & 15] ?? "Bad"}`;
    }
    const hasReason = typ === Ev.GoStop || typ === Ev.GoBlock;
    s += ` Reason=${hasReason ? this.q(t.a1[i]) : '""'}`;
    // GoCreate's transition stack is a handle even when its id is 0, so Go prints the
    // header with no frames; other events use Event.Stack(), which is NoStack for 0.
    const tstack = isProcTransition(typ) ? 0 : t.a2[i];
    const isCreate = typ === Ev.GoCreate || typ === Ev.GoCreateBlocked;
    if (tstack !== 0 || isCreate) s += "\nTransitionStack=\n" + this.stackText(tstack);
    return s;
  }

  #experimental(i: number, typ: number): string {
    const t = this.trace;
    const spec = V2_SPECS[typ];
    const names = spec.args.slice(1);
    const x = t.a0[i];
    const parts = names.map((n, k) => `${n}=Value{Uint64(${t.extra[x + k]})}`);
    return ` Name=${spec.name} Args=[${parts.join(", ")}]`;
  }

  #sync(i: number): string {
    const t = this.trace;
    let s = ` N=${t.a0[i]}`;
    const info = t.a1[i];
    if (info !== 0xffffffff && t.extra[info] !== 0n) {
      const trace = BigInt.asIntN(64, t.extra[info + 1]);
      const mono = t.extra[info + 2];
      const sec = BigInt.asIntN(64, t.extra[info + 3]);
      const nsec = BigInt.asIntN(64, t.extra[info + 4]);
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

/**
 * Writes every decoded event as `go tool trace -d=parsed` does: one event per line, in
 * chunks for the caller to write. Returns the error that stopped the parse, if any.
 */
export function printParsed(trace: Trace, out: (chunk: string) => void): void {
  const p = new EventPrinter(trace);
  let buf = "";
  for (let i = 0; i < trace.count; i++) {
    buf += p.format(i) + "\n";
    if (buf.length > 1 << 16) {
      out(buf);
      buf = "";
    }
  }
  if (buf) out(buf);
}

export { NO_TASK };
