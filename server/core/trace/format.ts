// Numbers the decoder (asm/) and the TypeScript side must agree on, written once: the state
// numbers of the `state` column and of the wire, the Sync row's type, and the decoder's table
// ids. asm/src/format.ts is generated from this file by `deno task build`
// (scripts/gen_format.ts); `deno task fresh` and tests/decode/format_source_test.ts fail when the
// two drift. The event types and their argument layouts live in v2_specs.ts, generated into
// asm/src/v2/specs.ts the same way.

/** The type of the Sync rows that open and close each generation (no wire event has it). */
export const SYNC_TYPE = 255;

/** Go's public goroutine states (trace.GoState), as the `state` column holds them. */
export const GoState = {
  Undetermined: 0,
  NotExist: 1,
  Runnable: 2,
  Running: 3,
  Waiting: 4,
  Syscall: 5,
} as const;

/** Go's public proc states (trace.ProcState). */
export const ProcState = { Undetermined: 0, NotExist: 1, Running: 2, Idle: 3 } as const;

/** Goroutine statuses on the wire (tracev2.GoStatus, the GoStatus event's argument). */
export const WireGoStatus = { Bad: 0, Runnable: 1, Running: 2, Syscall: 3, Waiting: 4 } as const;

/** Proc statuses on the wire (tracev2.ProcStatus). */
export const WireProcStatus = {
  Bad: 0,
  Running: 1,
  Idle: 2,
  Syscall: 3,
  SyscallAbandoned: 4,
} as const;

/** What the decoder's step returns (asm/src/parser.ts step). */
export const DecodeStatus = {
  /** Stepped its budget: call again. */
  More: 0,
  Done: 1,
  Error: 2,
  /** Between two generations (Go 1.22+): the rows before are complete; see decoder.ts. */
  Boundary: 3,
} as const;

/** The decoder's tables, by the id its tablePtr/tableLen take (asm/src/parser.ts). */
export const TableKind = {
  GIds: 0,
  PIds: 1,
  MIds: 2,
  TaskIds: 3,
  CtxM: 4,
  CtxP: 5,
  CtxG: 6,
  StringBytes: 7,
  StringOffsets: 8,
  FramePC: 9,
  FrameFunc: 10,
  FrameFile: 11,
  FrameLine: 12,
  StackOffsets: 13,
  StackFrames: 14,
  Extra: 15,
  ExpData: 16,
  BigTimeRows: 17,
  BigTimeValues: 18,
} as const;
