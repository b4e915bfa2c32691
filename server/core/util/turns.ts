// Turns of the event loop for long work that shares it with requests (the server's page
// analyses, the timeline's builds, /jsontrace streams; the site's worker). Every waiter
// resumes through one queue, one per macrotask, and works until a global slice is used:
// with N tasks each yielding its own timer, the loop runs all N before it polls for I/O
// again (a cheap request waits N slices); here it waits one. No Deno APIs.

/**
 * Milliseconds of work between polls for I/O: short while requests are coming in or other
 * work waits (a request takes several turns of the loop to be read, answered and written,
 * each after a slice), long when one task runs alone, since each turn costs a millisecond or two of waiting for the
 * timer (a pass alone runs 70% slower with 3 ms slices, 10% with 20 ms ones).
 */
export const SLICE_MS = 3;
export const QUIET_SLICE_MS = 20;
/** How long after a request arrives the slices stay short. */
export const BUSY_MS = 200;

let sliceStart = performance.now();
let busyUntil = -Infinity;
const waiting: (() => void)[] = [];
let armed = false;

/** Whether the work running now has used its slice and should await nextTurn(). */
export function timeToYield(): boolean {
  const now = performance.now();
  // Other work waiting means a busy server (requests in flight) too.
  const busy = now < busyUntil || waiting.length > 0;
  return now - sliceStart > (busy ? SLICE_MS : QUIET_SLICE_MS);
}

/** Says a request came in: long work yields often for a while so that it is answered soon. */
export function requestArrived(): void {
  busyUntil = performance.now() + BUSY_MS;
}

/** Resolves on a later turn of the event loop, after the tasks that waited before. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    arm();
  });
}

function arm(): void {
  if (armed || waiting.length === 0) return;
  armed = true;
  // A timer armed while timers run fires in the next timers phase, after an I/O poll.
  setTimeout(resume, 0);
}

function resume(): void {
  armed = false;
  sliceStart = performance.now();
  waiting.shift()!();
  arm();
}
