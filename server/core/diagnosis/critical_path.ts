// The critical path of a goroutine up to a moment: walk backwards from that moment through
// the goroutine's states; where it waited and another goroutine ended the wait (the
// goroutine in the context of the unblocking event), go on from that event on the
// unblocker, and so on across goroutines, until the start. The segments met on the way
// are the chain that determined the latency; the time splits into running, runnable,
// blocked by reason, syscall, GC assist, stop-the-world and untraced.
//
// Rules where a wait has no goroutine to follow (README, "Critical path"):
// - waits ended by the network poller or a timer (reasons "network", "sleep") stay on the
//   waiting goroutine as blocked time: whoever ran the poller or the timer is no cause;
// - a wait ended by no goroutine (the scheduler, a timer's channel send, a GC worker's
//   wake-up outside a goroutine) stays as blocked time, by its reason;
// - runnable time (preempted, after a syscall that lost its P) stays on the goroutine;
// - a goroutine created after the start leads to its creator at the creation;
// - before a goroutine's first event of the trace (the trace's start) the time is
//   untraced, and the walk ends there;
// - time under a stop-the-world pause counts as stop-the-world whatever the state, and
//   running time inside a mark-assist range as GC assist.
//
// Blocks are read as the walk reaches them (at most a few for a request). No Deno APIs.

import type { Trace } from "../trace/trace.ts";
import type { EventBlock } from "../trace/block.ts";
import { gIndexAt, transitionFrom, transitionReason, transitionTo } from "../trace/event.ts";
import { Ev, GoState } from "../trace/kinds.ts";
import { blockedCategory, Cat, type Category, unblockedByRuntime } from "./categories.ts";
import { GoroutineIndex } from "./goroutine_index.ts";

/** A stretch of one goroutine's time on the path (ns since the trace's baseTime). */
export interface RawSegment {
  /** Goroutine index (into trace.gIds). */
  g: number;
  start: number;
  end: number;
  cat: Category;
  /** Block reason (string id) for blocked time, else 0. */
  reason: number;
  /** Stack (id) where it blocked or entered the syscall, else 0. */
  stack: number;
}

/** Where the path moved to another goroutine: `from` ended `to`'s wait at `time`. */
export interface RawHandoff {
  /** The goroutine the path continues on (back in time): the unblocker or creator. */
  from: number;
  /** The goroutine it unblocked (or created). */
  to: number;
  time: number;
  /** Reason string id of the wait it ended (0 for a creation). */
  reason: number;
  created: boolean;
}

export interface RawPath {
  start: number;
  end: number;
  /** In time order. */
  segments: RawSegment[];
  /** In time order. */
  handoffs: RawHandoff[];
  /** Segments were dropped past the limit (the totals still count them). */
  truncated: boolean;
  /** Time by category (Cat numbering). */
  totals: Float64Array;
}

export interface WalkOptions {
  /** Keep at most this many segments (default 20000); totals count all. */
  maxSegments?: number;
  /** Stop-the-world pauses (sorted [start, end] pairs, ns) to split segments by. */
  stw?: Float64Array;
  signal?: AbortSignal;
}

// Indexes of recently walked blocks, per trace (an index is ~4 bytes per transition).
const INDEX_CACHE_BLOCKS = 8;
const indexCache = new WeakMap<Trace, Map<number, GoroutineIndex>>();

function cacheOf(trace: Trace): Map<number, GoroutineIndex> {
  let cache = indexCache.get(trace);
  if (!cache) indexCache.set(trace, cache = new Map());
  return cache;
}

/** Block k's index if it is cached (and then the most recently used), else undefined. */
function cachedIndex(cache: Map<number, GoroutineIndex>, k: number): GoroutineIndex | undefined {
  const hit = cache.get(k);
  if (hit) {
    cache.delete(k);
    cache.set(k, hit);
  }
  return hit;
}

async function indexOf(trace: Trace, k: number): Promise<GoroutineIndex> {
  const cache = cacheOf(trace);
  const hit = cachedIndex(cache, k);
  if (hit) return hit;
  const block = await trace.block(k);
  const idx = new GoroutineIndex(block, trace, trace.gIds.length);
  cache.set(k, idx);
  while (cache.size > INDEX_CACHE_BLOCKS) cache.delete(cache.keys().next().value!);
  return idx;
}

/** What a search answers when the block it must read next is not indexed yet. */
const UNINDEXED = -2;

/**
 * The walk. `g` is the goroutine index, `pos` the global index of the event the path ends
 * at (transitions before it count), `end` its time; the walk stops at time `stop`.
 */
export async function walkCriticalPath(
  trace: Trace,
  g: number,
  pos: number,
  end: number,
  stop: number,
  opts: WalkOptions = {},
): Promise<RawPath> {
  const max = opts.maxSegments ?? 20000;
  const back: RawSegment[] = [];
  const handoffs: RawHandoff[] = [];
  const totals = new Float64Array(12);
  let truncated = false;
  const assistsOf = new Map<number, GoroutineIndex>();
  const cache = cacheOf(trace);
  const stw = opts.stw ?? new Float64Array(0);

  const keep = (seg: RawSegment) => {
    totals[seg.cat] += seg.end - seg.start;
    if (back.length < max) back.push(seg);
    else truncated = true;
  };

  // A segment, split by stop-the-world pauses, and running time by mark assists. Pieces
  // come in time order; the walk collects backwards.
  const push = (g: number, s: number, e: number, cat: Category, reason = 0, stack = 0) => {
    if (e <= s) return;
    let marks: [number, number, Category][] | undefined;
    for (let k = lowerPair(stw, s); k < stw.length && stw[k] < e; k += 2) {
      const a = Math.max(s, stw[k]), z = Math.min(e, stw[k + 1]);
      if (z > a) (marks ??= []).push([a, z, Cat.STW]);
    }
    if (cat === Cat.Running) {
      const list = assistsOf.get(g)?.assists.get(g);
      if (list) {
        // Pairs in time order (a goroutine may have thousands): from the first ending after s.
        for (let k = lowerPair(list, s); k < list.length && list[k] < e; k += 2) {
          const a = Math.max(s, list[k]), z = Math.min(e, list[k + 1]);
          if (z > a) (marks ??= []).push([a, z, Cat.GC]);
        }
      }
    }
    if (!marks) {
      if (back.length < max) back.push({ g, start: s, end: e, cat, reason, stack });
      else truncated = true;
      totals[cat] += e - s;
      return;
    }
    const pieces: RawSegment[] = [];
    marks.sort((x, y) => x[0] - y[0]);
    let at = s;
    for (const [a0, z, c] of marks) {
      const a = Math.max(a0, at);
      if (z <= a) continue;
      if (a > at) pieces.push({ g, start: at, end: a, cat, reason, stack });
      pieces.push({ g, start: a, end: z, cat: c, reason, stack });
      at = z;
    }
    if (at < e) pieces.push({ g, start: at, end: e, cat, reason, stack });
    for (let k = pieces.length - 1; k >= 0; k--) keep(pieces[k]);
  };

  // The last transition of g before global index `before`, searching back block by block
  // from block k (the block of `before`); a block starting before `floor` is the last one
  // searched. A global index (its block's index in `found`), -1 if none, or UNINDEXED
  // when block `missing` must be indexed first (then search again from it).
  let found!: GoroutineIndex;
  let missing = 0;
  const blockFor = (before: number) =>
    before >= trace.count ? trace.blocks.length - 1 : trace.blockOf(before);
  // The block searched last (most searches stay in it): no cache lookup for it.
  let lastK = -1;
  let lastIdx!: GoroutineIndex;
  const search = (g: number, before: number, floor: number, k: number): number => {
    for (; k >= 0; k--) {
      opts.signal?.throwIfAborted();
      const idx = k === lastK ? lastIdx : cachedIndex(cache, k);
      if (!idx) {
        missing = k;
        return UNINDEXED;
      }
      lastK = k;
      lastIdx = idx;
      const b = idx.block;
      const j = idx.lastBefore(g, Math.min(before - b.first, b.count));
      if (j >= 0) {
        found = idx;
        return b.first + j;
      }
      if (trace.blocks[k].startTime <= floor) return -1;
    }
    return -1;
  };
  const lastBefore = async (g: number, before: number, floor: number): Promise<number> => {
    let at = search(g, before, floor, blockFor(before));
    while (at === UNINDEXED) {
      await indexOf(trace, missing);
      at = search(g, before, floor, missing);
    }
    return at;
  };

  // The reason of the wait g was in at row j of block b (its GoBlock), looking through
  // the restatements of later generations (a few blocks back at most).
  const waitReason = async (
    g: number,
    b: EventBlock,
    j: number,
  ): Promise<{ reason: number; stack: number }> => {
    let cb = b, cj = j;
    for (let hops = 0; hops < 4; hops++) {
      if (cb.type[cj] === Ev.GoBlock) {
        return { reason: transitionReason(cb, cj), stack: cb.stack[cj] };
      }
      if (transitionFrom(cb, cj) !== GoState.Waiting) break;
      const at = await lastBefore(g, cb.first + cj, -Infinity);
      if (at < 0) break;
      cb = found.block;
      cj = at - cb.first;
    }
    const s = b.type[j] === Ev.GoStatusStack || b.type[j] === Ev.GoStatus ? b.a2[j] : 0;
    return { reason: 0, stack: s };
  };

  let t = end;
  while (t > stop) {
    let at = search(g, pos, stop, blockFor(pos));
    if (at === UNINDEXED) at = await lastBefore(g, pos, stop);
    if (at < 0) {
      push(g, stop, t, Cat.Untraced);
      break;
    }
    const idx = found, b = idx.block, j = at - b.first;
    assistsOf.set(g, idx);
    const s = b.time[j];
    const from = transitionFrom(b, j), to = transitionTo(b, j);
    const typ = b.type[j];
    const s0 = Math.max(s, stop);
    // A restatement of a state (a new generation's status) is no change: look further.
    if (from === to && s > stop) {
      pos = at;
      continue;
    }
    switch (to) {
      case GoState.Running:
        push(g, s0, t, Cat.Running);
        break;
      case GoState.Runnable:
        push(g, s0, t, Cat.Runnable);
        break;
      case GoState.Waiting: {
        const w = typ === Ev.GoBlock
          ? { reason: transitionReason(b, j), stack: b.stack[j] }
          : await waitReason(g, b, j);
        push(g, s0, t, blockedCategory(trace.string(w.reason)), w.reason, w.stack);
        break;
      }
      case GoState.Syscall:
        push(g, s0, t, Cat.Syscall, 0, b.stack[j]);
        break;
      default:
        push(g, s0, t, Cat.Untraced);
    }
    if (s <= stop) break;
    if (from === GoState.Undetermined) {
      // First seen at the trace's start: what came before is not in the trace.
      push(g, stop, s, Cat.Untraced);
      break;
    }
    const ctxG = gIndexAt(trace, b, j);
    if (from === GoState.NotExist) {
      if (ctxG === 0 || ctxG === g) {
        push(g, stop, s, Cat.Untraced);
        break;
      }
      handoffs.push({ from: ctxG, to: g, time: s, reason: 0, created: true });
      g = ctxG;
    } else if (
      from === GoState.Waiting && (to === GoState.Runnable || to === GoState.Running) &&
      ctxG !== 0 && ctxG !== g && typ !== Ev.GoStatus && typ !== Ev.GoStatusStack
    ) {
      let pat = search(g, at, -Infinity, blockFor(at));
      if (pat === UNINDEXED) pat = await lastBefore(g, at, -Infinity);
      let reason = 0;
      if (pat >= 0) {
        const pb = found.block, pj = pat - pb.first;
        reason = pb.type[pj] === Ev.GoBlock
          ? transitionReason(pb, pj)
          : (await waitReason(g, pb, pj)).reason;
      }
      if (!unblockedByRuntime(trace.string(reason))) {
        handoffs.push({ from: ctxG, to: g, time: s, reason, created: false });
        g = ctxG;
      }
    }
    pos = at;
    t = s;
  }
  back.reverse();
  handoffs.reverse();
  return { start: stop, end, segments: back, handoffs, truncated, totals };
}

// Index of the first pair [a, b] of sorted pairs with b > t (pairs flat: a0 b0 a1 b1 …).
function lowerPair(pairs: ArrayLike<number>, t: number): number {
  let lo = 0, hi = pairs.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pairs[2 * mid + 1] <= t) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}
