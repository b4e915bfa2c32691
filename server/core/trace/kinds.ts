// Event kinds and state names of Go's public trace API, and the wire-type → kind
// table (Go: tracev2Type2Kind). Column `type` holds wire types; SYNC_TYPE is Sync.

import { GoState, ProcState, SYNC_TYPE } from "./format.ts";
import { eventIdsByName, V2_SPECS } from "./v2_specs.ts";
import type { EventKind } from "../api/types.ts";

export const SYNC = SYNC_TYPE;

const ids = eventIdsByName(V2_SPECS);
function evId(name: string): number {
  const id = ids.get(name);
  if (id === undefined) throw new Error(`no v2 event type ${name}`);
  return id;
}

// The kinds of events, as Go's `trace.EventKind` names them: the public API's type.
export type { EventKind };

/** Wire event types (tracev2.Ev*), by name from v2_specs.ts (the numbers live there). */
export const Ev = {
  CPUSample: evId("CPUSample"),
  ProcsChange: evId("ProcsChange"),
  ProcStart: evId("ProcStart"),
  ProcStop: evId("ProcStop"),
  ProcSteal: evId("ProcSteal"),
  ProcStatus: evId("ProcStatus"),
  GoCreate: evId("GoCreate"),
  GoCreateSyscall: evId("GoCreateSyscall"),
  GoStart: evId("GoStart"),
  GoDestroy: evId("GoDestroy"),
  GoDestroySyscall: evId("GoDestroySyscall"),
  GoStop: evId("GoStop"),
  GoBlock: evId("GoBlock"),
  GoUnblock: evId("GoUnblock"),
  GoSyscallBegin: evId("GoSyscallBegin"),
  GoSyscallEnd: evId("GoSyscallEnd"),
  GoSyscallEndBlocked: evId("GoSyscallEndBlocked"),
  GoStatus: evId("GoStatus"),
  STWBegin: evId("STWBegin"),
  STWEnd: evId("STWEnd"),
  GCActive: evId("GCActive"),
  GCBegin: evId("GCBegin"),
  GCEnd: evId("GCEnd"),
  GCSweepActive: evId("GCSweepActive"),
  GCSweepBegin: evId("GCSweepBegin"),
  GCSweepEnd: evId("GCSweepEnd"),
  GCMarkAssistActive: evId("GCMarkAssistActive"),
  GCMarkAssistBegin: evId("GCMarkAssistBegin"),
  GCMarkAssistEnd: evId("GCMarkAssistEnd"),
  HeapAlloc: evId("HeapAlloc"),
  HeapGoal: evId("HeapGoal"),
  GoLabel: evId("GoLabel"),
  UserTaskBegin: evId("UserTaskBegin"),
  UserTaskEnd: evId("UserTaskEnd"),
  UserRegionBegin: evId("UserRegionBegin"),
  UserRegionEnd: evId("UserRegionEnd"),
  UserLog: evId("UserLog"),
  GoSwitch: evId("GoSwitch"),
  GoSwitchDestroy: evId("GoSwitchDestroy"),
  GoCreateBlocked: evId("GoCreateBlocked"),
  GoStatusStack: evId("GoStatusStack"),
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

/** State names by number (Go's GoState.String, ProcState.String). */
export const GO_STATES: readonly string[] = namesByValue(GoState);
export const PROC_STATES: readonly string[] = namesByValue(ProcState);

function namesByValue(states: Record<string, number>): string[] {
  const names: string[] = [];
  for (const [name, n] of Object.entries(states)) names[n] = name;
  return names;
}

export { GoState, ProcState };

/** Metric names by wire type (Go: Event.Metric). */
export const METRIC_NAMES: Record<number, string> = {
  [Ev.ProcsChange]: "/sched/gomaxprocs:threads",
  [Ev.HeapAlloc]: "/memory/classes/heap/objects:bytes",
  [Ev.HeapGoal]: "/gc/heap/goal:bytes",
};
