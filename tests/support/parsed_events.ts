// Go's `go tool trace -d=parsed` output read back into events, so a test can compute
// from Go's own reading of a trace what an analysis should find: the kind, context,
// time and fields of each event, and its stacks as text ("func @ 0xpc file:line" per
// frame, leaf first).

import { goToolTrace } from "./go_oracle.ts";

export interface ParsedEvent {
  m: number;
  p: number;
  g: number;
  kind: string;
  /** Absolute time as Go prints it. */
  time: number;
  /** The rest of the first line after Time=…: `Key=value` fields, as text. */
  rest: string;
  stack: string[];
  transitionStack: string[];
}

/** The events of `go tool trace -d=parsed` on a trace file. */
export async function goParsedEvents(path: string): Promise<ParsedEvent[]> {
  const res = await goToolTrace(["-d=parsed", path]);
  if (res.code !== 0) throw new Error(`go tool trace -d=parsed ${path}: ${res.stderr}`);
  return parseEvents(new TextDecoder().decode(res.stdout));
}

const HEAD = /^M=(-?\d+) P=(-?\d+) G=(-?\d+) (\w+) Time=(-?\d+)(.*)$/;

export function parseEvents(text: string): ParsedEvent[] {
  const out: ParsedEvent[] = [];
  let cur: ParsedEvent | undefined;
  let into: string[] | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = HEAD.exec(line);
    if (m) {
      cur = {
        m: +m[1],
        p: +m[2],
        g: +m[3],
        kind: m[4],
        time: +m[5],
        rest: m[6],
        stack: [],
        transitionStack: [],
      };
      out.push(cur);
      into = undefined;
    } else if (cur && line === "Stack=") into = cur.stack;
    else if (cur && line === "TransitionStack=") into = cur.transitionStack;
    else if (into && line.startsWith("\t") && !line.startsWith("\t\t")) {
      // "\tfunc @ 0xpc" then "\t\tfile:line"
      into.push(`${line.slice(1)} ${(lines[++i] ?? "").trim()}`);
    } else into = undefined;
  }
  return out;
}

/** A `Key=value` field of the event's first line (quoted values unquoted). */
export function field(e: ParsedEvent, key: string): string | undefined {
  const m = new RegExp(` ${key}=("(?:[^"\\\\]|\\\\.)*"|\\S*)`).exec(e.rest);
  if (!m) return undefined;
  return m[1].startsWith('"') ? JSON.parse(m[1]) : m[1];
}

/** A state transition's goroutine and states ("GoID=5 Running->Waiting"). */
export function transition(e: ParsedEvent): { id: number; from: string; to: string } | undefined {
  const m = / GoID=(-?\d+) (\w+)->(\w+)/.exec(e.rest);
  return m ? { id: +m[1], from: m[2], to: m[3] } : undefined;
}

/** The function of a stack frame's text. */
export function frameFunc(frame: string): string {
  return frame.slice(0, frame.indexOf(" @ "));
}
