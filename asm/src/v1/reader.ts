// The v1 reader (Go: tracev1.Parse, then the v1 branch of Reader.ReadEvent). A v1 trace
// is parsed, merged and checked as a whole before its first event comes out, since the
// frequency, the stacks and the ordering are only known at the end; then its events are
// converted into the event table, between a Sync before and a Sync after. The work is
// split into steps so the host can report progress.

import { fail } from "../util/error";
import { inputLen } from "../util/input";
import { REC_SIZE } from "./record";
import { eventCount, reserveEvents } from "../table/events";
import { beginConvert, convertRowBound, convertStep, emitFirstSync, emitLastSync } from "./convert";
import { fixup } from "./fixup";
import { beginMerge, MERGE_DONE, MERGE_ERR, merged, mergeStep, resetMerge } from "./merge";
import { rawOffset, seekRaw, setRawVersion } from "./raw";
import { StepDone as STEP_DONE, StepError as STEP_ERR, StepMore as STEP_MORE } from "../format";
import { resetScan, SCAN_DONE, SCAN_ERR, scanStep, totalEvents } from "./scan";
import { resetTables } from "./tables";
import { resetValidate, VALIDATE_DONE, VALIDATE_ERR, validateStep } from "./validate";

const PH_SCAN = 0;
const PH_MERGE = 1;
const PH_FIXUP = 2;
const PH_VALIDATE = 3;
const PH_CONVERT = 4;
const PH_DONE = 5;

let phase = PH_SCAN;
let version: i32 = 0;
let left: i32 = 0; // events still to convert

/** Events up to and including the last Sync before an error, and the bytes behind them. */
export let validEventsV1: i32 = 0;
export let validBytesV1: i64 = 0;

export function beginV1(v: i32, headerLen: usize): void {
  version = v;
  phase = PH_SCAN;
  left = 0;
  validEventsV1 = 0;
  validBytesV1 = 0;
  resetScan();
  resetTables();
  resetMerge();
  setRawVersion(v);
  seekRaw(<i64> headerLen);
}

/** Does up to about `budget` events' worth of work. */
export function stepV1(budget: i32): i32 {
  switch (phase) {
    case PH_SCAN: {
      const r = scanStep(budget);
      if (r == SCAN_ERR) return STEP_ERR;
      if (r == SCAN_DONE) {
        if (!fits(<f64> totalEvents * <f64> REC_SIZE, totalEvents)) return STEP_ERR;
        beginMerge();
        phase = PH_MERGE;
      }
      return STEP_MORE;
    }
    case PH_MERGE: {
      const r = mergeStep(budget);
      if (r == MERGE_ERR) return STEP_ERR;
      if (r == MERGE_DONE) phase = PH_FIXUP;
      return STEP_MORE;
    }
    case PH_FIXUP:
      if (!fixup()) return STEP_ERR;
      resetValidate();
      phase = PH_VALIDATE;
      return STEP_MORE;
    case PH_VALIDATE: {
      const r = validateStep(budget);
      if (r == VALIDATE_ERR) return STEP_ERR;
      if (r == VALIDATE_DONE && !startConversion()) return STEP_ERR;
      return STEP_MORE;
    }
    case PH_CONVERT: {
      left = convertStep(budget);
      if (left < 0) return STEP_ERR;
      if (left > 0) return STEP_MORE;
      emitLastSync(merged.len > 0 ? 2 : 1);
      merged.free();
      phase = PH_DONE;
      return STEP_DONE;
    }
  }
  return STEP_DONE;
}

function startConversion(): bool {
  beginConvert(version);
  // The merged stream is still needed while the columns fill.
  const rows = convertRowBound();
  const bytes = <f64> merged.len * <f64> REC_SIZE + <f64> rows * COLUMN_BYTES;
  if (!fits(bytes, merged.len)) return false;
  reserveEvents(rows); // the columns are allocated once
  emitFirstSync();
  // Everything was read by now (Go's reader consumed the file in NewReader).
  validEventsV1 = eventCount();
  validBytesV1 = <i64> inputLen;
  left = merged.len;
  phase = PH_CONVERT;
  return true;
}

// Bytes per row of the event columns, with the slack the columns' growth policy may add.
const COLUMN_BYTES: f64 = 30 * 1.5;
// What linear memory can hold (4 GiB), less room for the tables and the allocator.
const MEMORY_LIMIT: f64 = 4294967296.0 - 256.0 * 1048576.0;

/**
 * Whether `bytes` more (beside the input) fit in linear memory. A trace that would not
 * fit is refused up front with an error, rather than by running out of memory later.
 */
function fits(bytes: f64, events: i64): bool {
  if (<f64> inputLen + bytes <= MEMORY_LIMIT) return true;
  const mib = <i64> ((<f64> inputLen + bytes) / 1048576.0);
  return fail(
    "trace too large: its " + events.toString() + " events need about " + mib.toString() +
      " MiB, more than the 4 GiB a WebAssembly decoder can address; traces of Go 1.21 and" +
      " older are read whole: record it again with Go 1.22 or newer, or trace a shorter run",
    -1,
  );
}

// Rough shares of the work per phase, for progress in input bytes.
const SCAN_SHARE: f64 = 0.3;
const MERGE_SHARE: f64 = 0.3;
const CHECK_SHARE: f64 = 0.1;

/** Progress as a byte count in [0, input size]. */
export function progressV1(): i64 {
  const size = <f64> inputLen;
  let f: f64 = 0;
  if (phase == PH_SCAN) {
    f = SCAN_SHARE * (<f64> rawOffset() / max(size, 1));
  } else if (phase == PH_MERGE) {
    f = SCAN_SHARE + MERGE_SHARE * (<f64> merged.len / max(<f64> totalEvents, 1));
  } else if (phase == PH_FIXUP || phase == PH_VALIDATE) {
    f = SCAN_SHARE + MERGE_SHARE;
  } else if (phase == PH_CONVERT) {
    const done = <f64> (merged.len - left) / max(<f64> merged.len, 1);
    f = SCAN_SHARE + MERGE_SHARE + CHECK_SHARE +
      (1 - SCAN_SHARE - MERGE_SHARE - CHECK_SHARE) * done;
  } else {
    f = 1;
  }
  return <i64> (min(f, 1) * size);
}
