// How the timeline words times and waits: times count from the view's origin (the
// goroutine's or task's start in their views, the trace start otherwise), and a gap on a
// goroutine lane reads as why it waited, for how long, and who let it go on.

import { dur } from "../lib/format.ts";
import type { GapDetails, StackFrame } from "../../server/core/contract/timeline.ts";

/** The origin fields of the page's boot data. */
export interface Origin {
  origin: number;
  originName: string;
}

/** A time (ns since the trace start) from the origin: "12.3ms", "+12.3ms" in a view. */
export function timeText(ns: number, o: Origin): string {
  if (!o.originName) return dur(ns);
  const rel = ns - o.origin;
  return rel < 0 ? `-${dur(-rel)}` : `+${dur(rel)}`;
}

/** The frames a reader looks for: the first two outside the runtime, else the innermost. */
export function telling(stack: StackFrame[]): StackFrame[] {
  const out = stack.filter((f) => !/^(runtime|internal)[./]/.test(f.func)).slice(0, 2);
  return out.length > 0 ? out : stack.slice(0, 1);
}

function where(frames: StackFrame[]): string {
  return frames.map((f) => `${f.func} (${f.file.slice(f.file.lastIndexOf("/") + 1)}:${f.line})`)
    .join(" ← ");
}

/** The goroutine that let the waiter go on, as a short name ("G12 main.db"). */
export function unblockerName(g: GapDetails): string {
  const u = g.unblock;
  if (!u) return "";
  return u.name || (u.goroutine >= 0 ? `G${u.goroutine}` : "the runtime");
}

/** The tooltip of a gap: a few lines of text. */
export function gapTooltip(g: GapDetails, o: Origin): string {
  const lines: string[] = [];
  const at = where(telling(g.stack));
  lines.push(`Not running for ${dur(g.end - g.start)}: ${g.reason}`);
  if (at) lines.push(`stopped in ${at}`);
  if (g.unblock) {
    const u = g.unblock;
    lines.push(
      `waited ${dur(g.waiting)}, then unblocked by ${unblockerName(g)} at ${
        timeText(u.time, o)
      } (${u.event})`,
    );
    const by = where(telling(u.stack));
    if (by) lines.push(`  in ${by}`);
    lines.push(`then runnable for ${dur(g.runnable)} until it ran`);
  } else if (g.runnable > 0 && g.reason === "preempted") {
    lines.push(`runnable all along: waiting for a processor`);
  }
  lines.push("click for the stacks and a link to the event");
  return lines.join("\n");
}
