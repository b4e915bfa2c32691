// The index pass over a v1 trace (Go: collectBatchesAndCPUSamples): where each batch
// starts, which P it belongs to and how many events it holds; CPU samples are decoded
// here, since they are merged as a stream of their own.

import { fail } from "../util/error";
import { IdMap, NONE } from "../util/idmap";
import { Vec } from "../util/vec";
import {
  RAW_EOF,
  RAW_ERR,
  rawArgs,
  rawBatchPid,
  rawPos,
  rawType,
  readRaw,
  SKIP_ARGS,
  SKIP_STRINGS,
} from "./raw";
import { RecChunks, writeRec } from "./record";
import { EvBatch, EvCPUSample, EvNone, v1ArgCount } from "./specs";

// Batches in file order.
export const batchOff = new Vec<i64>(); // file offset of the Batch event
export const batchEvents = new Vec<i32>(); // events counted in it (Go: numEvents)
export const batchNext = new Vec<i32>(); // next batch of the same P, or -1

// Distinct Ps with batches, in order of first appearance.
export const pids = new Vec<i32>();
export const pidFirst = new Vec<i32>(); // first batch of the P
const pidLast = new Vec<i32>();
const pidIndex = new IdMap(1 << 16);

/** CPU samples, in file order (Go: p.cpuSamples). */
export const samples = new RecChunks();
/** Events counted over all batches: an upper bound on the merged stream. */
export let totalEvents: i64 = 0;

let curP: i32 = 0;

export function resetScan(): void {
  batchOff.clear();
  batchEvents.clear();
  batchNext.clear();
  pids.clear();
  pidFirst.clear();
  pidLast.clear();
  pidIndex.clear();
  samples.free();
  totalEvents = 0;
  curP = 0;
}

/** Index of P `pid` in `pids`, or -1 if it has no batches. */
export function pidSlot(pid: i32): i32 {
  const i = pidIndex.get(<u64> <i64> pid);
  return i == NONE ? -1 : <i32> i;
}

export const SCAN_MORE: i32 = 0;
export const SCAN_DONE: i32 = 1;
export const SCAN_ERR: i32 = 2;

/** Indexes up to `budget` more events. */
export function scanStep(budget: i32): i32 {
  for (let n = 0; n < budget; n++) {
    const r = readRaw(SKIP_ARGS | SKIP_STRINGS);
    if (r == RAW_EOF) return SCAN_DONE;
    if (r == RAW_ERR) return SCAN_ERR;
    const typ = rawType;
    if (typ == EvNone) continue; // a string
    if (typ == EvBatch) addBatch(rawBatchPid);
    const slot = pidSlot(curP);
    if (slot < 0) {
      fail(
        "read event " + typ.toString() + " with current P of " + curP.toString() +
          ", but P has no batches yet",
        rawPos,
      );
      return SCAN_ERR;
    }
    const b = pidLast[slot];
    batchEvents[b] = batchEvents[b] + 1;
    totalEvents++;
    if (typ == EvCPUSample && !addSample()) return SCAN_ERR;
  }
  return SCAN_MORE;
}

function addBatch(pid: i32): void {
  const b = batchOff.push(rawPos);
  batchEvents.push(0);
  batchNext.push(-1);
  let slot = pidSlot(pid);
  if (slot < 0) {
    slot = pids.push(pid);
    pidIndex.set(<u64> <i64> pid, <u32> slot);
    pidFirst.push(b);
    pidLast.push(b);
  } else {
    batchNext[pidLast[slot]] = b;
    pidLast[slot] = b;
  }
  curP = pid;
}

// [dt (ignored), real timestamp, P, G, stack]: kept with the real timestamp, the P
// truncated to 32 bits as Go does.
function addSample(): bool {
  const want = v1ArgCount(EvCPUSample, 0);
  if (rawArgs.len != want) {
    return fail(
      "CPU sample has wrong number of arguments: want " + want.toString() + ", got " +
        rawArgs.len.toString(),
      rawPos,
    );
  }
  const ts = rawArgs[1];
  const p = rawArgs[2];
  const g = rawArgs[3];
  writeRec(samples.add(), EvCPUSample, <i64> ts, g, 0, p, g, <u32> rawArgs[4], <i32> p, rawPos);
  return true;
}
