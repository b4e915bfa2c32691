// Event kinds and state names of Go's public trace API, and the wire-type → kind
// table (Go: tracev2Type2Kind). Column `type` holds wire types; 255 is Sync.

export const SYNC = 255;

export type EventKind =
  | "Bad"
  | "Sync"
  | "Metric"
  | "Label"
  | "StackSample"
  | "RangeBegin"
  | "RangeActive"
  | "RangeEnd"
  | "TaskBegin"
  | "TaskEnd"
  | "RegionBegin"
  | "RegionEnd"
  | "Log"
  | "StateTransition"
  | "Experimental";

/** Wire event types (tracev2.Ev*). */
export const Ev = {
  CPUSample: 7,
  ProcsChange: 9,
  ProcStart: 10,
  ProcStop: 11,
  ProcSteal: 12,
  ProcStatus: 13,
  GoCreate: 14,
  GoCreateSyscall: 15,
  GoStart: 16,
  GoDestroy: 17,
  GoDestroySyscall: 18,
  GoStop: 19,
  GoBlock: 20,
  GoUnblock: 21,
  GoSyscallBegin: 22,
  GoSyscallEnd: 23,
  GoSyscallEndBlocked: 24,
  GoStatus: 25,
  STWBegin: 26,
  STWEnd: 27,
  GCActive: 28,
  GCBegin: 29,
  GCEnd: 30,
  GCSweepActive: 31,
  GCSweepBegin: 32,
  GCSweepEnd: 33,
  GCMarkAssistActive: 34,
  GCMarkAssistBegin: 35,
  GCMarkAssistEnd: 36,
  HeapAlloc: 37,
  HeapGoal: 38,
  GoLabel: 39,
  UserTaskBegin: 40,
  UserTaskEnd: 41,
  UserRegionBegin: 42,
  UserRegionEnd: 43,
  UserLog: 44,
  GoSwitch: 45,
  GoSwitchDestroy: 46,
  GoCreateBlocked: 47,
  GoStatusStack: 48,
  Sync: SYNC,
} as const;

/** Wire types of goroutine state transitions (the transition's resource is a goroutine). */
export const GO_TRANSITIONS: readonly number[] = [
  Ev.GoCreate,
  Ev.GoCreateSyscall,
  Ev.GoStart,
  Ev.GoDestroy,
  Ev.GoDestroySyscall,
  Ev.GoStop,
  Ev.GoBlock,
  Ev.GoUnblock,
  Ev.GoSyscallBegin,
  Ev.GoSyscallEnd,
  Ev.GoSyscallEndBlocked,
  Ev.GoStatus,
  Ev.GoSwitch,
  Ev.GoSwitchDestroy,
  Ev.GoCreateBlocked,
  Ev.GoStatusStack,
];

/** Wire types of proc state transitions. */
export const PROC_TRANSITIONS: readonly number[] = [
  Ev.ProcStart,
  Ev.ProcStop,
  Ev.ProcSteal,
  Ev.ProcStatus,
];

const kinds: EventKind[] = new Array(256).fill("Bad");
const st = (ids: number[], k: EventKind) => ids.forEach((i) => (kinds[i] = k));
st([Ev.CPUSample], "StackSample");
st([Ev.ProcsChange, Ev.HeapAlloc, Ev.HeapGoal], "Metric");
st([...PROC_TRANSITIONS, ...GO_TRANSITIONS], "StateTransition");
st([Ev.STWBegin, Ev.GCBegin, Ev.GCSweepBegin, Ev.GCMarkAssistBegin], "RangeBegin");
st([Ev.GCActive, Ev.GCSweepActive, Ev.GCMarkAssistActive], "RangeActive");
st([Ev.STWEnd, Ev.GCEnd, Ev.GCSweepEnd, Ev.GCMarkAssistEnd], "RangeEnd");
st([Ev.GoLabel], "Label");
st([Ev.UserTaskBegin], "TaskBegin");
st([Ev.UserTaskEnd], "TaskEnd");
st([Ev.UserRegionBegin], "RegionBegin");
st([Ev.UserRegionEnd], "RegionEnd");
st([Ev.UserLog], "Log");
for (let t = 128; t <= 136; t++) kinds[t] = "Experimental";
kinds[SYNC] = "Sync";

export function kindOfType(t: number): EventKind {
  return kinds[t];
}

/** Whether a state transition's resource is a proc (otherwise a goroutine). */
export function isProcTransition(t: number): boolean {
  return t >= Ev.ProcStart && t <= Ev.ProcStatus;
}

export const GO_STATES = ["Undetermined", "NotExist", "Runnable", "Running", "Waiting", "Syscall"];
export const PROC_STATES = ["Undetermined", "NotExist", "Running", "Idle"];

export const GoState = {
  Undetermined: 0,
  NotExist: 1,
  Runnable: 2,
  Running: 3,
  Waiting: 4,
  Syscall: 5,
} as const;

export const ProcState = { Undetermined: 0, NotExist: 1, Running: 2, Idle: 3 } as const;

/** Metric names by wire type (Go: Event.Metric). */
export const METRIC_NAMES: Record<number, string> = {
  [Ev.ProcsChange]: "/sched/gomaxprocs:threads",
  [Ev.HeapAlloc]: "/memory/classes/heap/objects:bytes",
  [Ev.HeapGoal]: "/gc/heap/goal:bytes",
};
