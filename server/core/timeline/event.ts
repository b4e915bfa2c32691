// One trace-viewer event as Go's emitter produces it (internal/trace/traceviewer/format
// Event), plus what our own viewer needs and Go's JSON does not carry: what kind of thing
// it shows, its goroutine, and the trace's own stack ids. The generator fills one
// reusable record per event and hands it to a sink, which copies what it keeps. No Deno
// APIs.

/** Go's format sections (the "pid" of every event). */
export const Section = { Procs: 0, Stats: 1, Tasks: 2 } as const;

/** Go's fake resources for the special lanes (traceviewer/fakep.go). */
export const FakeP = {
  Timers: 1000001,
  Netpoll: 1000002,
  Syscall: 1000003,
  GC: 1000004,
  Profile: 1000005,
} as const;

/** What a slice ("X", "b"/"e") shows. */
export const SliceKind = {
  /** A goroutine executing (its name is the goroutine's). */
  Exec: 0,
  Syscall: 1,
  /** A goroutine-scoped range: GC mark assist, stop-the-world. */
  GoRange: 2,
  /** A proc-scoped range: GC incremental sweep. */
  ProcRange: 3,
  /** A global GC range on the GC lane. */
  GC: 4,
  Task: 5,
  Region: 6,
} as const;

/** What an instant ("I") marks: a code of the window query's frames (the contract's). */
export { InstantKind } from "../contract/timeline.ts";

/** The shape of `args` (Go writes a different struct per event type). */
export const Arg = {
  None: 0,
  /** {"blocked":"yes"|"no"}: a0 = 1 for yes. */
  Blocked: 1,
  /** {"thread":a0,"proc":a1}, each omitted when 0. */
  SchedCtx: 2,
  /** {"Running":a0,"Runnable":a1,"GCWaiting":a2} */
  Goroutines: 3,
  /** {"Running":a0,"InSyscall":a1} */
  Threads: 4,
  /** {"Allocated":a0,"NextGC":a1} */
  Heap: 5,
  /** {"id":a0,"start_g":a1,"end_g":a2}, the g's omitted when 0. */
  Task: 6,
  /** {"taskid":a0} */
  Region: 7,
  /** {"name":argName} */
  Name: 8,
  /** {"sort_index":a0} */
  SortIndex: 9,
} as const;

export class ViewerEvent {
  // Go's fields. Times are ns since the trace's first event (Go writes µs).
  name = "";
  ph = "";
  /** Instant scope ("t"). */
  s = "";
  ts = 0;
  /** Omitted in JSON when 0, as Go does. */
  dur = 0;
  pid = 0;
  /** A resource id; -1 stands for Go's uint64(-1). */
  tid = 0;
  id = 0;
  /** Viewer stack-frame ids (0: none), when the emitter builds Go's frame tree. */
  sf = 0;
  esf = 0;
  arg: number = Arg.None;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  argName = "";
  cname = "";
  cat = "";

  // Ours.
  /** SliceKind for "X"/"b"/"e", InstantKind for "I". */
  kind = 0;
  /** The goroutine an execution slice or goroutine range belongs to (-1: none). */
  g = -1;
  /** Trace stack ids (0: none) of sf and esf. */
  stk = 0;
  estk = 0;
  /** Event index in the trace that ended the slice or made the instant (-1: none). */
  event = -1;
  /**
   * When >= 0, a key that stands for `name` among the events of one generator (the same
   * key, the same name), so sinks can cache what they derive from the name by key
   * instead of hashing the string; -1 for names without one.
   */
  nameKey = -1;

  reset(): this {
    this.name =
      this.ph =
      this.s =
      this.cname =
      this.cat =
      this.argName =
        "";
    this.ts =
      this.dur =
      this.pid =
      this.tid =
      this.id =
      this.sf =
      this.esf =
        0;
    this.arg = Arg.None;
    this.a0 = this.a1 = this.a2 = 0;
    this.kind = 0;
    this.g = -1;
    this.stk = this.estk = 0;
    this.event = this.nameKey = -1;
    return this;
  }
}

/** Where generated events go (Go's TraceConsumer). */
export interface ViewerSink {
  /** Whether viewer frame ids (sf/esf) and frames are needed: building them costs. */
  readonly wantsFrames: boolean;
  /** `required` events (metadata) are kept whatever the split range. */
  event(ev: ViewerEvent, required: boolean): void;
  /** A node of Go's stack-frame tree, reported once when first built. */
  frame(id: number, name: string, parent: number): void;
  flush(): void;
}

/** Sends every event to several sinks. */
export class TeeSink implements ViewerSink {
  readonly wantsFrames: boolean;
  constructor(readonly sinks: ViewerSink[]) {
    this.wantsFrames = sinks.some((s) => s.wantsFrames);
  }
  event(ev: ViewerEvent, required: boolean): void {
    for (const s of this.sinks) s.event(ev, required);
  }
  frame(id: number, name: string, parent: number): void {
    for (const s of this.sinks) if (s.wantsFrames) s.frame(id, name, parent);
  }
  flush(): void {
    for (const s of this.sinks) s.flush();
  }
}

/** Values derived from event names, cached by ViewerEvent.nameKey. */
export class NameKeyCache {
  #v = new Float64Array(1024).fill(NaN);

  /** The value cached for name key `key` (>= 0), or derive(name), then cached. */
  get(key: number, name: string, derive: (name: string) => number): number {
    if (key >= this.#v.length) {
      const bigger = new Float64Array(Math.max(key + 1, this.#v.length * 2)).fill(NaN);
      bigger.set(this.#v);
      this.#v = bigger;
    }
    let v = this.#v[key];
    if (v !== v) v = this.#v[key] = derive(name);
    return v;
  }
}
