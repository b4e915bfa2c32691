// The diagnosis rules' thresholds and their descriptions: one place, which the page, the
// CLI and the README all show. No Deno APIs.

import type { RuleInfo } from "../contract/diagnosis.ts";

export const T = {
  /** A stop-the-world pause at least this long is long. */
  stwPause: 1e6,
  /** GC assist share of a group's time (running and waiting for assist work). */
  assistShare: 0.1,
  /** …and at least this much assist time. */
  assistMin: 5e6,
  /** Scheduling latency: p99 of a group's runnable → running waits at least this… */
  schedP99: 1e6,
  /** …over at least this many waits. */
  schedMinWaits: 100,
  /** Idle Ps beside runnable goroutines: lost P-time at least this share of P-time… */
  idleShare: 0.01,
  /** …and at least this much. */
  idleMin: 5e6,
  /** Leak suspects: at least this many goroutines on one blocking stack… */
  leakCount: 10,
  /** …each still blocked at the end, blocked at least this share of the trace… */
  leakShare: 0.25,
  /** …or this long, whichever is less. */
  leakMin: 1e9,
  /** Contention: blocked time on one stack at least this share of the trace's duration… */
  contentionShare: 0.01,
  /** …and at least this much, over at least this many waits. */
  contentionMin: 10e6,
  contentionWaits: 10,
  /** Findings of contention shown (the stacks with the most blocked time). */
  contentionTop: 5,
  /** Syscalls that kept their P at least this long (facts.ts SYSCALL_HELD)… */
  syscallHeld: 1e6,
  /** …on one stack, in total at least this much. */
  syscallTotal: 10e6,
  /** Findings of syscalls shown (the stacks with the most such time). */
  syscallTop: 5,
  /** Goroutine churn: at least this many goroutines of one group created… */
  churnCount: 1000,
  /** …at least this many per second of trace… */
  churnRate: 1000,
  /** …living at most this long (median). */
  churnLife: 1e6,
  /** Task latency: at least this many complete tasks of a type. */
  taskMin: 20,
  /** Long tail: p99 at least this many times the median… */
  tailRatio: 5,
  /** …and at least this much above it. */
  tailMin: 1e6,
  /** Bimodal: two modes, each at least this share of the tasks… */
  modeShare: 0.05,
  /** …whose medians are at least this many times apart… */
  modeRatio: 4,
  /** …split well (Otsu's separability of log durations, 0–1). */
  modeSeparation: 0.7,
} as const;

const ms = (ns: number) => `${ns / 1e6} ms`;
const pct = (x: number) => `${x * 100}%`;

export const RULES: RuleInfo[] = [
  {
    id: "stw",
    title: "Long stop-the-world pauses",
    rule: `A stop-the-world pause of ${ms(T.stwPause)} or more.`,
    cost: "The pauses' total time × GOMAXPROCS (no P runs Go code during a pause).",
  },
  {
    id: "gc-assist",
    title: "GC assist takes a large share of a goroutine group's time",
    rule: `A goroutine group (by start function) that spends ${
      pct(T.assistShare)
    } or more of its running and assist-waiting time in GC mark assists, and at least ${
      ms(T.assistMin)
    }.`,
    cost: "The group's time in mark assists.",
  },
  {
    id: "sched-latency",
    title: "Scheduling latency outliers",
    rule: `A goroutine group whose p99 wait from runnable to running is ${
      ms(T.schedP99)
    } or more, over at least ${T.schedMinWaits} waits.`,
    cost: `The group's waits of ${ms(T.schedP99)} or more, added up.`,
  },
  {
    id: "idle-ps",
    title: "Ps idle while goroutines are runnable",
    rule: `Stretches of 100µs or more when a P was idle while a goroutine was runnable ` +
      `(outside stop-the-world; shorter ones are a P waking up), counted as P-time ` +
      `(∫ min(idle Ps, runnable goroutines) dt): at least ${
        pct(T.idleShare)
      } of the trace's P-time (duration × GOMAXPROCS) and at least ${ms(T.idleMin)}.`,
    cost: "The P-time lost.",
  },
  {
    id: "leak",
    title: "Leak suspects: goroutines blocked on the same stack until the end",
    rule: `At least ${T.leakCount} goroutines (not the runtime's) still blocked when the ` +
      `trace ends on the same stack, each blocked for ${pct(T.leakShare)} of the trace or ${
        ms(T.leakMin)
      }, whichever is less (blocked forever, select {}, ` +
      `is not counted).`,
    cost: "Their blocked time within the trace, added up.",
  },
  {
    id: "contention",
    title: "Contention hot spots",
    rule: `A stack where goroutines blocked on a lock (sync.Mutex, RWMutex…) or a channel ` +
      `send for ${pct(T.contentionShare)} of the trace's duration or more in total, at least ${
        ms(T.contentionMin)
      } over ${T.contentionWaits} waits or more (waits that ended; the ${T.contentionTop} ` +
      `stacks with the most blocked time). Receives, selects, WaitGroup.Wait and ` +
      `Cond.Wait are left out: they are mostly goroutines waiting for work or an event.`,
    cost: "The blocked time on that stack, added up.",
  },
  {
    id: "syscall-held",
    title: "Syscalls that hold a P long",
    rule:
      `Syscalls that kept their P (it was not handed off) for ${
        ms(T.syscallHeld)
      } or more, on one stack, ${ms(T.syscallTotal)} or more in total (the ${T.syscallTop} ` +
      `stacks with the most such time).`,
    cost: "Those syscalls' time, added up.",
  },
  {
    id: "churn",
    title: "Goroutine creation churn",
    rule: `A goroutine group created ${T.churnCount} times or more, at ${T.churnRate} or ` +
      `more per second of trace, whose goroutines live ${ms(T.churnLife)} or less (median).`,
    cost: "The time its new goroutines waited before they first ran, added up.",
  },
  {
    id: "task-latency",
    title: "Task latency with a long tail or two modes",
    rule: `A task type with ${T.taskMin} complete tasks or more whose durations form two ` +
      `modes (each at least ${pct(T.modeShare)} of the tasks, medians ${T.modeRatio}× or ` +
      `more apart, Otsu separability of log durations ≥ ${T.modeSeparation}), or whose ` +
      `p99 is ${T.tailRatio}× the median or more and at least ${ms(T.tailMin)} above it.`,
    cost: "The slow tasks' time above the median, added up.",
  },
];
