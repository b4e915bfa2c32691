// The v2 event table as data (Go's internal/trace/tracev2 specs): argument counts,
// which arguments are stacks and strings, range pairing. Code is driven by it.

export const NUM_SPECS: i32 = 137;

export const EvEventBatch: u8 = 1;
export const EvStacks: u8 = 2;
export const EvStack: u8 = 3;
export const EvStrings: u8 = 4;
export const EvString: u8 = 5;
export const EvCPUSamples: u8 = 6;
export const EvCPUSample: u8 = 7;
export const EvFrequency: u8 = 8;
export const EvProcsChange: u8 = 9;
export const EvProcStart: u8 = 10;
export const EvProcStop: u8 = 11;
export const EvProcSteal: u8 = 12;
export const EvProcStatus: u8 = 13;
export const EvGoCreate: u8 = 14;
export const EvGoCreateSyscall: u8 = 15;
export const EvGoStart: u8 = 16;
export const EvGoDestroy: u8 = 17;
export const EvGoDestroySyscall: u8 = 18;
export const EvGoStop: u8 = 19;
export const EvGoBlock: u8 = 20;
export const EvGoUnblock: u8 = 21;
export const EvGoSyscallBegin: u8 = 22;
export const EvGoSyscallEnd: u8 = 23;
export const EvGoSyscallEndBlocked: u8 = 24;
export const EvGoStatus: u8 = 25;
export const EvSTWBegin: u8 = 26;
export const EvSTWEnd: u8 = 27;
export const EvGCActive: u8 = 28;
export const EvGCBegin: u8 = 29;
export const EvGCEnd: u8 = 30;
export const EvGCSweepActive: u8 = 31;
export const EvGCSweepBegin: u8 = 32;
export const EvGCSweepEnd: u8 = 33;
export const EvGCMarkAssistActive: u8 = 34;
export const EvGCMarkAssistBegin: u8 = 35;
export const EvGCMarkAssistEnd: u8 = 36;
export const EvHeapAlloc: u8 = 37;
export const EvHeapGoal: u8 = 38;
export const EvGoLabel: u8 = 39;
export const EvUserTaskBegin: u8 = 40;
export const EvUserTaskEnd: u8 = 41;
export const EvUserRegionBegin: u8 = 42;
export const EvUserRegionEnd: u8 = 43;
export const EvUserLog: u8 = 44;
export const EvGoSwitch: u8 = 45;
export const EvGoSwitchDestroy: u8 = 46;
export const EvGoCreateBlocked: u8 = 47;
export const EvGoStatusStack: u8 = 48;
export const EvExperimentalBatch: u8 = 49;
export const EvSync: u8 = 50;
export const EvClockSnapshot: u8 = 51;
export const EvEndOfGeneration: u8 = 52;
export const EvSpan: u8 = 128;
export const EvGoroutineStackFree: u8 = 136;

/** Number of wire arguments, dt included (Go: len(spec.Args)). */
export const specArgs = new StaticArray<u8>(NUM_SPECS);
/** Go: spec.IsTimedEvent. */
export const specTimed = new StaticArray<bool>(NUM_SPECS);
/** 1-based positions in Args (Go's StackIDs); 0 = none. stack0 is the main stack. */
export const specStack0 = new StaticArray<u8>(NUM_SPECS);
export const specStack1 = new StaticArray<u8>(NUM_SPECS);
/** 1-based positions in Args of string ids (Go's StringIDs); 0 = none. */
export const specStr0 = new StaticArray<u8>(NUM_SPECS);
export const specStr1 = new StaticArray<u8>(NUM_SPECS);
/** Go: spec.StartEv, the begin event of a range end. */
export const specStart = new StaticArray<u8>(NUM_SPECS);
export const specNames = new StaticArray<string>(NUM_SPECS);

function def(
  id: u8,
  name: string,
  nargs: u8,
  timed: bool,
  stack0: u8 = 0,
  stack1: u8 = 0,
  str0: u8 = 0,
  str1: u8 = 0,
  start: u8 = 0,
): void {
  specNames[id] = name;
  specArgs[id] = nargs;
  specTimed[id] = timed;
  specStack0[id] = stack0;
  specStack1[id] = stack1;
  specStr0[id] = str0;
  specStr1[id] = str1;
  specStart[id] = start;
}

for (let i = 0; i < NUM_SPECS; i++) specNames[i] = "";
def(EvEventBatch, "EventBatch", 4, false);
def(EvStacks, "Stacks", 0, false);
def(EvStack, "Stack", 2, false);
def(EvStrings, "Strings", 0, false);
def(EvString, "String", 1, false);
def(EvCPUSamples, "CPUSamples", 0, false);
def(EvCPUSample, "CPUSample", 5, false, 4);
def(EvFrequency, "Frequency", 1, false);
def(EvProcsChange, "ProcsChange", 3, true, 2);
def(EvProcStart, "ProcStart", 3, true);
def(EvProcStop, "ProcStop", 1, true);
def(EvProcSteal, "ProcSteal", 4, true);
def(EvProcStatus, "ProcStatus", 3, true);
def(EvGoCreate, "GoCreate", 4, true, 3, 2);
def(EvGoCreateSyscall, "GoCreateSyscall", 2, true);
def(EvGoStart, "GoStart", 3, true);
def(EvGoDestroy, "GoDestroy", 1, true);
def(EvGoDestroySyscall, "GoDestroySyscall", 1, true);
def(EvGoStop, "GoStop", 3, true, 2, 0, 1);
def(EvGoBlock, "GoBlock", 3, true, 2, 0, 1);
def(EvGoUnblock, "GoUnblock", 4, true, 3);
def(EvGoSyscallBegin, "GoSyscallBegin", 3, true, 2);
def(EvGoSyscallEnd, "GoSyscallEnd", 1, true, 0, 0, 0, 0, EvGoSyscallBegin);
def(EvGoSyscallEndBlocked, "GoSyscallEndBlocked", 1, true, 0, 0, 0, 0, EvGoSyscallBegin);
def(EvGoStatus, "GoStatus", 4, true);
def(EvSTWBegin, "STWBegin", 3, true, 2, 0, 1);
def(EvSTWEnd, "STWEnd", 1, true, 0, 0, 0, 0, EvSTWBegin);
def(EvGCActive, "GCActive", 2, true, 0, 0, 0, 0, EvGCBegin);
def(EvGCBegin, "GCBegin", 3, true, 2);
def(EvGCEnd, "GCEnd", 2, true, 0, 0, 0, 0, EvGCBegin);
def(EvGCSweepActive, "GCSweepActive", 2, true, 0, 0, 0, 0, EvGCSweepBegin);
def(EvGCSweepBegin, "GCSweepBegin", 2, true, 1);
def(EvGCSweepEnd, "GCSweepEnd", 3, true, 0, 0, 0, 0, EvGCSweepBegin);
def(EvGCMarkAssistActive, "GCMarkAssistActive", 2, true, 0, 0, 0, 0, EvGCMarkAssistBegin);
def(EvGCMarkAssistBegin, "GCMarkAssistBegin", 2, true, 1);
def(EvGCMarkAssistEnd, "GCMarkAssistEnd", 1, true, 0, 0, 0, 0, EvGCMarkAssistBegin);
def(EvHeapAlloc, "HeapAlloc", 2, true);
def(EvHeapGoal, "HeapGoal", 2, true);
def(EvGoLabel, "GoLabel", 2, true, 0, 0, 1);
def(EvUserTaskBegin, "UserTaskBegin", 5, true, 4, 0, 3);
def(EvUserTaskEnd, "UserTaskEnd", 3, true, 2);
def(EvUserRegionBegin, "UserRegionBegin", 4, true, 3, 0, 2);
def(EvUserRegionEnd, "UserRegionEnd", 4, true, 3, 0, 2, 0, EvUserRegionBegin);
def(EvUserLog, "UserLog", 5, true, 4, 0, 2, 3);
def(EvGoSwitch, "GoSwitch", 3, true);
def(EvGoSwitchDestroy, "GoSwitchDestroy", 3, true);
def(EvGoCreateBlocked, "GoCreateBlocked", 4, true, 3, 2);
def(EvGoStatusStack, "GoStatusStack", 5, true, 4);
def(EvExperimentalBatch, "ExperimentalBatch", 4, false);
def(EvSync, "Sync", 0, false);
def(EvClockSnapshot, "ClockSnapshot", 4, true);
def(EvEndOfGeneration, "EndOfGeneration", 0, false);
def(128, "Span", 4, true);
def(129, "SpanAlloc", 4, true);
def(130, "SpanFree", 2, true);
def(131, "HeapObject", 3, true);
def(132, "HeapObjectAlloc", 3, true);
def(133, "HeapObjectFree", 2, true);
def(134, "GoroutineStack", 3, true);
def(135, "GoroutineStackAlloc", 3, true);
def(136, "GoroutineStackFree", 2, true);

/** Number of spec entries Go's version table allows (Version.Specs()). */
export function versionSpecCount(version: i32): i32 {
  if (version == 22) return EvUserLog + 1;
  if (version == 23) return EvExperimentalBatch + 1;
  if (version == 25) return EvClockSnapshot + 1;
  return NUM_SPECS;
}

/** Go: Version.EventName, used in ordering error messages. */
export function eventName(version: i32, typ: u8): string {
  if (<i32> typ < versionSpecCount(version) && specNames[typ].length > 0) return specNames[typ];
  return "Invalid(" + typ.toString() + ")";
}
