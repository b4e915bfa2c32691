// The critical path on the timeline (`/trace?taskid=N&criticalpath=1`, or with goid=):
// /api/criticalpath's hops mapped onto the view's goroutine lanes, for render.ts to frame
// and join with arrows. Goroutines the view has no lane for are counted, not drawn.

import type { CriticalPathModel } from "../../server/core/contract/diagnosis.ts";
import type { TimelineBoot } from "../../server/core/contract/timeline.ts";
import type { ChainOverlay } from "./render.ts";

/** The overlay of a path on the view's lanes, and the path's goroutines with no lane. */
export function chainOverlay(
  boot: TimelineBoot,
  p: CriticalPathModel,
): { overlay: ChainOverlay; missing: number[] } {
  const laneOf = new Map<number, number>();
  boot.lanes.forEach((l, k) => {
    if (l.goroutine > 0 && !laneOf.has(l.goroutine)) laneOf.set(l.goroutine, k);
  });
  const overlay: ChainOverlay = { spans: [], hops: [] };
  const missing = new Set<number>();
  p.hops.forEach((h, k) => {
    const lane = laneOf.get(h.goroutine);
    if (lane === undefined) missing.add(h.goroutine);
    else overlay.spans.push({ lane, start: h.start, end: h.end });
    const next = p.hops[k + 1];
    const to = next && laneOf.get(next.goroutine);
    if (h.woke && lane !== undefined && to !== undefined) {
      overlay.hops.push({ fromLane: lane, toLane: to, time: h.woke.time });
    }
  });
  return { overlay, missing: [...missing] };
}

/** The /api/criticalpath query for a timeline view's query, or null (no task or goroutine). */
export function chainQuery(viewQuery: string): string | null {
  const q = new URLSearchParams(viewQuery);
  const task = q.get("taskid") ?? q.get("focustask");
  if (task) return `taskid=${encodeURIComponent(task)}`;
  const goid = q.get("goid");
  return goid ? `goid=${encodeURIComponent(goid)}` : null;
}
