// The v1 event table (Go 1.11–1.21; Go's internal/trace/internal/tracev1 EventDescriptions)
// as data: names, argument counts, whether a trailing stack id follows, the minimum
// header version. Parsing and validation are driven by it.

export const EvNone: u8 = 0;
export const EvBatch: u8 = 1;
export const EvFrequency: u8 = 2;
export const EvStack: u8 = 3;
export const EvGomaxprocs: u8 = 4;
export const EvProcStart: u8 = 5;
export const EvProcStop: u8 = 6;
export const EvGCStart: u8 = 7;
export const EvGCDone: u8 = 8;
export const EvSTWStart: u8 = 9;
export const EvSTWDone: u8 = 10;
export const EvGCSweepStart: u8 = 11;
export const EvGCSweepDone: u8 = 12;
export const EvGoCreate: u8 = 13;
export const EvGoStart: u8 = 14;
export const EvGoEnd: u8 = 15;
export const EvGoStop: u8 = 16;
export const EvGoSched: u8 = 17;
export const EvGoPreempt: u8 = 18;
export const EvGoSleep: u8 = 19;
export const EvGoBlock: u8 = 20;
export const EvGoUnblock: u8 = 21;
export const EvGoBlockSend: u8 = 22;
export const EvGoBlockRecv: u8 = 23;
export const EvGoBlockSelect: u8 = 24;
export const EvGoBlockSync: u8 = 25;
export const EvGoBlockCond: u8 = 26;
export const EvGoBlockNet: u8 = 27;
export const EvGoSysCall: u8 = 28;
export const EvGoSysExit: u8 = 29;
export const EvGoSysBlock: u8 = 30;
export const EvGoWaiting: u8 = 31;
export const EvGoInSyscall: u8 = 32;
export const EvHeapAlloc: u8 = 33;
export const EvHeapGoal: u8 = 34;
export const EvTimerGoroutine: u8 = 35;
export const EvFutileWakeup: u8 = 36;
export const EvString: u8 = 37;
export const EvGoStartLocal: u8 = 38;
export const EvGoUnblockLocal: u8 = 39;
export const EvGoSysExitLocal: u8 = 40;
export const EvGoStartLabel: u8 = 41;
export const EvGoBlockGC: u8 = 42;
export const EvGCMarkAssistStart: u8 = 43;
export const EvGCMarkAssistDone: u8 = 44;
export const EvUserTaskCreate: u8 = 45;
export const EvUserTaskEnd: u8 = 46;
export const EvUserRegion: u8 = 47;
export const EvUserLog: u8 = 48;
export const EvCPUSample: u8 = 49;
export const EV_COUNT: u8 = 50;

/** Go's desc.Name. */
export const v1Names = new StaticArray<string>(EV_COUNT);
/** Names of desc.Args, space-separated (for Go's Event.String in error messages). */
export const v1ArgNames = new StaticArray<string>(EV_COUNT);
/** len(desc.Args). */
export const v1NumArgs = new StaticArray<u8>(EV_COUNT);
/** desc.Stack: a stack id follows the arguments. */
export const v1HasStack = new StaticArray<bool>(EV_COUNT);
/** desc.minVersion: the oldest header version that may contain the event. */
export const v1MinVersion = new StaticArray<u8>(EV_COUNT);

function def(id: u8, name: string, args: string, stack: bool, minVersion: u8 = 5): void {
  v1Names[id] = name;
  v1ArgNames[id] = args;
  v1NumArgs[id] = args.length == 0 ? 0 : <u8> args.split(" ").length;
  v1HasStack[id] = stack;
  v1MinVersion[id] = minVersion;
}

def(EvNone, "None", "", false);
def(EvBatch, "Batch", "p ticks", false);
def(EvFrequency, "Frequency", "freq", false);
def(EvStack, "Stack", "id siz", false);
def(EvGomaxprocs, "Gomaxprocs", "procs", true);
def(EvProcStart, "ProcStart", "thread", false);
def(EvProcStop, "ProcStop", "", false);
def(EvGCStart, "GCStart", "seq", true);
def(EvGCDone, "GCDone", "", false);
def(EvSTWStart, "GCSTWStart", "kindid", false);
def(EvSTWDone, "GCSTWDone", "", false);
def(EvGCSweepStart, "GCSweepStart", "", true);
def(EvGCSweepDone, "GCSweepDone", "swept reclaimed", false);
def(EvGoCreate, "GoCreate", "g stack", true);
def(EvGoStart, "GoStart", "g seq", false);
def(EvGoEnd, "GoEnd", "", false);
def(EvGoStop, "GoStop", "", true);
def(EvGoSched, "GoSched", "", true);
def(EvGoPreempt, "GoPreempt", "", true);
def(EvGoSleep, "GoSleep", "", true);
def(EvGoBlock, "GoBlock", "", true);
def(EvGoUnblock, "GoUnblock", "g seq", true);
def(EvGoBlockSend, "GoBlockSend", "", true);
def(EvGoBlockRecv, "GoBlockRecv", "", true);
def(EvGoBlockSelect, "GoBlockSelect", "", true);
def(EvGoBlockSync, "GoBlockSync", "", true);
def(EvGoBlockCond, "GoBlockCond", "", true);
def(EvGoBlockNet, "GoBlockNet", "", true);
def(EvGoSysCall, "GoSysCall", "", true);
def(EvGoSysExit, "GoSysExit", "g seq ts", false);
def(EvGoSysBlock, "GoSysBlock", "", false);
def(EvGoWaiting, "GoWaiting", "g", false);
def(EvGoInSyscall, "GoInSyscall", "g", false);
def(EvHeapAlloc, "HeapAlloc", "mem", false);
def(EvHeapGoal, "HeapGoal", "mem", false);
def(EvTimerGoroutine, "TimerGoroutine", "g", false);
def(EvFutileWakeup, "FutileWakeup", "", false);
def(EvString, "String", "", false, 7);
def(EvGoStartLocal, "GoStartLocal", "g", false, 7);
def(EvGoUnblockLocal, "GoUnblockLocal", "g", true, 7);
def(EvGoSysExitLocal, "GoSysExitLocal", "g ts", false, 7);
def(EvGoStartLabel, "GoStartLabel", "g seq labelid", false, 8);
def(EvGoBlockGC, "GoBlockGC", "", true, 8);
def(EvGCMarkAssistStart, "GCMarkAssistStart", "", true, 9);
def(EvGCMarkAssistDone, "GCMarkAssistDone", "", false, 9);
def(EvUserTaskCreate, "UserTaskCreate", "taskid pid typeid", true, 11);
def(EvUserTaskEnd, "UserTaskEnd", "taskid", true, 11);
def(EvUserRegion, "UserRegion", "taskid mode typeid", true, 11);
def(EvUserLog, "UserLog", "id keyid", true, 11);
def(EvCPUSample, "CPUSample", "ts p g", true, 19);

/**
 * Go's rawEvent.argNum: the number of values an event must carry (timestamp delta,
 * arguments, stack id). Stack records carry any number; Batch, Frequency and
 * TimerGoroutine have no timestamp.
 */
export function v1ArgCount(typ: u8, got: i32): i32 {
  if (typ == EvStack) return got;
  let n = <i32> v1NumArgs[typ];
  if (v1HasStack[typ]) n++;
  if (typ == EvBatch || typ == EvFrequency || typ == EvTimerGoroutine) return n;
  return n + 1;
}

// Special Ps Go moves events to after parsing.
export const TimerP: i32 = 1000001;
export const NetpollP: i32 = 1000002;
export const SyscallP: i32 = 1000003;
export const GCP: i32 = 1000004;
export const ProfileP: i32 = 1000005;

// Ids below this go to the id maps' direct arrays (4 bytes per possible id, allocated up
// to the largest id seen). Real ids are small and dense; one hostile id just under the
// limit costs 1 MiB per map, and the v1 decoder keeps several maps per kind of id.
export const DENSE_IDS: i32 = 1 << 18;
