// Profile records as the pages' model: frames shared by index, stacks as frame indexes
// (leaf first), and synthetic frames (a state's name) the wall-clock graph puts at the
// root of its stacks. No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import type { ProfileFrame } from "../contract/pages.ts";
import { MAX_FRAMES, type ProfileRecord } from "../profiles/pprof.ts";
import type { WallClock } from "./wallclock.ts";

/** Frames of one model, deduplicated. */
export class ModelFrames {
  readonly frames: ProfileFrame[] = [];
  readonly #byId = new Map<number, number>();
  readonly #byName = new Map<string, number>();

  constructor(readonly t: Trace) {}

  /** Stack `id` as frame indexes, leaf first. */
  stack(id: number): number[] {
    const t = this.t, ids = t.stackFrameIds(id), out: number[] = [];
    for (let i = 0; i < ids.length && i < MAX_FRAMES; i++) {
      let fi = this.#byId.get(ids[i]);
      if (fi === undefined) {
        fi = this.frames.length;
        this.#byId.set(ids[i], fi);
        this.frames.push({
          func: t.string(t.frameFunc[ids[i]]),
          file: t.string(t.frameFile[ids[i]]),
          line: Number(t.frameLine[ids[i]]),
          pc: t.framePC[ids[i]].toString(16),
        });
      }
      out.push(fi);
    }
    return out;
  }

  /** A frame that is no code: a name only. */
  synthetic(name: string): number {
    let fi = this.#byName.get(name);
    if (fi === undefined) {
      fi = this.frames.length;
      this.#byName.set(name, fi);
      this.frames.push({ func: name, file: "", line: 0, pc: "" });
    }
    return fi;
  }
}

export interface ModelSample {
  stack: number[];
  count: number;
  time: number;
}

/** Records of a profile (the blocking ones' or the CPU's) as frames and samples. */
export function recordsModel(
  t: Trace,
  records: ProfileRecord[],
): { frames: ProfileFrame[]; samples: ModelSample[] } {
  const f = new ModelFrames(t);
  const samples = records.map((r) => ({ stack: f.stack(r.stack), count: r.count, time: r.time }));
  return { frames: f.frames, samples };
}

/** Running time no CPU sample explains (the selection ran, no sample fell in it). */
export const NO_SAMPLES = "(no CPU samples)";

/** The wall-clock graph: each stack under its state's synthetic root frame. */
export function wallClockModel(
  t: Trace,
  w: WallClock,
): { frames: ProfileFrame[]; samples: ModelSample[] } {
  const f = new ModelFrames(t);
  const samples = w.records.map((r) => {
    const stack = r.stack < 0 ? [f.synthetic(NO_SAMPLES)] : f.stack(r.stack);
    stack.push(f.synthetic(w.roots[r.root]));
    return { stack, count: r.count, time: r.time };
  });
  return { frames: f.frames, samples };
}
