// Where a goroutine's time goes, in the categories the critical path and the diagnosis
// report: running, waiting for a P, blocked by reason, untraced. The reason strings are
// the runtime's (runtime/traceruntime.go traceBlockReasonStrings; Go 1.11–1.21 traces
// are converted to the same strings). No Deno APIs.

export const Cat = {
  Running: 0,
  Runnable: 1,
  GC: 2,
  STW: 3,
  Channel: 4,
  Select: 5,
  Sync: 6,
  Network: 7,
  Syscall: 8,
  Sleep: 9,
  Other: 10,
  Untraced: 11,
} as const;
export type Category = (typeof Cat)[keyof typeof Cat];
export const CATEGORY_COUNT = 12;

/** Stable keys (JSON, CSS classes) and labels, by category number. */
export const CATEGORY_KEYS = [
  "running",
  "runnable",
  "gc",
  "stw",
  "channel",
  "select",
  "sync",
  "network",
  "syscall",
  "sleep",
  "other",
  "untraced",
] as const;
export type CategoryKey = (typeof CATEGORY_KEYS)[number];

export const CATEGORY_LABELS: readonly string[] = [
  "running",
  "runnable (waiting for a P)",
  "GC (assist, waiting for the GC)",
  "stop-the-world",
  "blocked: channel",
  "blocked: select",
  "blocked: mutex/sync",
  "blocked: network",
  "syscall",
  "blocked: sleep",
  "blocked: other",
  "untraced",
];

const BY_REASON: Record<string, Category> = {
  "chan send": Cat.Channel,
  "chan receive": Cat.Channel,
  "select": Cat.Select,
  "sync": Cat.Sync,
  "sync.(*Cond).Wait": Cat.Sync,
  "network": Cat.Network,
  "sleep": Cat.Sleep,
  "GC mark assist wait for work": Cat.GC,
  "wait until GC ends": Cat.GC,
  "GC weak to strong wait": Cat.GC,
};

/** Waits for mark-assist work: the GC's cost to the goroutine (not runtime.GC's wait for its end). */
export function isAssistWait(reason: string): boolean {
  return reason === "GC mark assist wait for work";
}

/** The category of time blocked for a reason ("" and unknown reasons: other). */
export function blockedCategory(reason: string): Category {
  return BY_REASON[reason] ?? Cat.Other;
}

/**
 * Waits that the network poller or a timer ends. The goroutine in the context of their
 * unblocking event is whoever happened to run the poller or the timer (the scheduler,
 * another goroutine's P, a stop-the-world), not a cause: the critical path keeps such a
 * wait on the waiting goroutine, as blocked time.
 */
export function unblockedByRuntime(reason: string): boolean {
  return reason === "network" || reason === "sleep";
}
