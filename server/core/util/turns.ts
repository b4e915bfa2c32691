// Turns of the event loop for long work that shares it with requests (the server's page
// analyses, the timeline's builds, /jsontrace streams; the site's worker). Every waiter
// resumes through one queue, one per macrotask, and works until a global slice is used:
// with N tasks each yielding its own timer, the loop runs all N before it polls for I/O
// again (a cheap request waits N slices); here it waits one. No Deno APIs.

/** Milliseconds of work between polls for I/O. */
export const SLICE_MS = 10;

let sliceStart = performance.now();
const waiting: (() => void)[] = [];
let armed = false;

/** Whether the work running now has used its slice and should await nextTurn(). */
export function timeToYield(): boolean {
  return performance.now() - sliceStart > SLICE_MS;
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
