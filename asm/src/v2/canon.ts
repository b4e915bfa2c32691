// A decoder's state at a generation boundary in canonical form (Go ids, string bytes:
// nothing that depends on the order the decoder met them), so that a decoder which
// began mid-trace can be checked against the one that read the trace from its start
// (server/core/trace/parallel.ts). See order.ts canonOrder for the parts.

import { out } from "../util/snapshot";
import { putI64 } from "../util/snapshot";
import { putReaderCanon } from "./reader";
import { canonOrder, putRegionEndLog, setLogRegionEnds } from "./order";
import { lastTs } from "./emit";

/** Writes the canonical state; returns its address (length: out.len). */
export function canonState(): usize {
  out.clear();
  putReaderCanon();
  putI64(lastTs);
  canonOrder();
  return out.ptr;
}

/** Region ends met with no region known, after the first generation (see order.ts). */
export function regionEndLog(): usize {
  out.clear();
  putRegionEndLog();
  return out.ptr;
}

export function logRegionEnds(on: bool): void {
  setLogRegionEnds(on);
}
