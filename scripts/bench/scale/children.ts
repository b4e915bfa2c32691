// Child processes of the scale bench: every one is tracked and killed with its whole
// process tree on timeout, on a memory limit, on Ctrl-C and on exit, so no server is left
// running on a shared machine. Memory figures come from /proc (Linux).

const live = new Set<number>();

/** A field of /proc/PID/status in kB (VmRSS, VmHWM), 0 if the process is gone. */
export function statusKB(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const m = Deno.readTextFileSync(`/proc/${pid}/status`).match(
      new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m"),
    );
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The machine's MemAvailable in kB (Infinity when unknown). */
export function memAvailableKB(): number {
  try {
    const m = Deno.readTextFileSync("/proc/meminfo").match(/^MemAvailable:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) : Infinity;
  } catch {
    return Infinity;
  }
}

/** `pid` and all its descendants (from the parent ids in /proc/* /stat). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const e of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      try {
        const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        const list = children.get(ppid) ?? [];
        list.push(Number(e.name));
        children.set(ppid, list);
      } catch {
        // Gone meanwhile.
      }
    }
  } catch {
    return [pid];
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...children.get(out[i]) ?? []);
  return out;
}

/** Kills a process and everything it started (the tree is listed before any kill). */
export function killTree(pid: number, signal: Deno.Signal = "SIGKILL"): void {
  for (const p of processTree(pid)) {
    try {
      Deno.kill(p, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Kills every child still running (sync: it runs in unload and signal handlers). */
export function killAll(): void {
  for (const pid of live) killTree(pid);
  live.clear();
}

let installed = false;

/** Kills the children on exit and on SIGINT/SIGTERM/SIGHUP (then exits 130). */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  globalThis.addEventListener("unload", killAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    Deno.addSignalListener(sig, () => {
      console.error(`\n${sig}: stopping ${live.size} child process(es)`);
      killAll();
      Deno.exit(130);
    });
  }
}

/** Limits a watched process tree is stopped at. */
export interface Limits {
  /** Wall time from the start of the watch. */
  timeoutMs?: number;
  /** Resident memory of the whole tree. */
  maxRssKB?: number;
  /** The machine's available memory must stay above this (the machine is shared). */
  minFreeKB?: number;
}

/**
 * Samples a process tree's memory every 200 ms, keeps its peak, and kills the tree when
 * it passes a limit; `stopped` then says which.
 */
export class Watch {
  peakKB = 0;
  /**
   * Processes of the tree that lived through three samples or more (`deno run` is one
   * process; a browser opener such as BROWSER=true is gone at once and not counted).
   */
  processes = 1;
  readonly #seen = new Map<number, number>();
  stopped: string | undefined;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #start = performance.now();

  constructor(readonly pid: number, readonly limits: Limits) {
    this.#timer = setInterval(() => this.sample(), 200);
  }

  /** The tree's resident memory now (kB), and the peak updated. */
  sample(): number {
    const tree = processTree(this.pid);
    for (const p of tree) this.#seen.set(p, (this.#seen.get(p) ?? 0) + 1);
    this.processes = Math.max(1, [...this.#seen.values()].filter((n) => n >= 3).length);
    let rss = 0, hwm = 0;
    for (const p of tree) {
      rss += statusKB(p, "VmRSS");
      hwm = Math.max(hwm, statusKB(p, "VmHWM"));
    }
    this.peakKB = Math.max(this.peakKB, rss, hwm);
    if (this.stopped === undefined && rss > 0) {
      const { timeoutMs, maxRssKB, minFreeKB } = this.limits;
      const free = memAvailableKB();
      if (maxRssKB !== undefined && rss > maxRssKB) {
        this.stop(`stopped past ${gb(maxRssKB)} GB RSS`);
      } else if (minFreeKB !== undefined && free < minFreeKB) {
        this.stop(`stopped: machine down to ${gb(free)} GB available, at ${gb(rss)} GB RSS`);
      } else if (timeoutMs !== undefined && performance.now() - this.#start > timeoutMs) {
        this.stop(`stopped after ${(timeoutMs / 1000).toFixed(0)} s`);
      }
    }
    return rss;
  }

  stop(reason: string): void {
    this.stopped ??= reason;
    killTree(this.pid);
  }

  /** Stops sampling (a last sample first, for the peak). */
  end(): void {
    this.sample();
    clearInterval(this.#timer);
  }
}

function gb(kb: number): string {
  return (kb / 1024 / 1024).toFixed(1);
}

/** A tracked child process with its stderr collected as it comes. */
export class Child {
  readonly process: Deno.ChildProcess;
  readonly watch: Watch;
  #stderr = "";
  #stdout = "";
  readonly #drained: Promise<void>;
  readonly #waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  readonly status: Promise<Deno.CommandStatus>;
  readonly started = performance.now();

  constructor(
    cmd: string[],
    opts: {
      env?: Record<string, string>;
      cwd?: string;
      stdout?: boolean;
      limits?: Limits;
      /** Copy stderr to ours as it comes (a long generation's progress). */
      echo?: boolean;
    },
  ) {
    const proc = this.process = new Deno.Command(cmd[0], {
      args: cmd.slice(1),
      env: opts.env,
      cwd: opts.cwd,
      stdin: "null",
      stdout: opts.stdout ? "piped" : "null",
      stderr: "piped",
    }).spawn();
    const pid = this.process.pid;
    live.add(pid);
    this.watch = new Watch(pid, opts.limits ?? {});
    // Both pipes are drained for the child's whole life: a full pipe would stall it.
    const decoder = new TextDecoder(), outDecoder = new TextDecoder();
    const err = (async () => {
      for await (const chunk of proc.stderr) {
        this.#stderr += decoder.decode(chunk, { stream: true });
        if (opts.echo) Deno.stderr.writeSync(chunk);
        for (const w of [...this.#waiters]) {
          const m = this.#stderr.match(w.re);
          if (m) {
            this.#waiters.splice(this.#waiters.indexOf(w), 1);
            w.resolve(m);
          }
        }
      }
    })();
    const out = opts.stdout
      ? (async () => {
        for await (const chunk of proc.stdout) {
          this.#stdout += outDecoder.decode(chunk, { stream: true });
        }
      })()
      : Promise.resolve();
    this.#drained = Promise.all([err, out]).then(() => {});
    this.status = this.process.status.then((s) => {
      this.watch.end();
      live.delete(pid);
      return s;
    });
  }

  get pid(): number {
    return this.process.pid;
  }

  stderr(): string {
    return this.#stderr;
  }

  stdout(): string {
    return this.#stdout;
  }

  /** Resolves with the first match of `re` in stderr, or null if the child ends first. */
  waitForStderr(re: RegExp): Promise<RegExpMatchArray | null> {
    const m = this.#stderr.match(re);
    if (m) return Promise.resolve(m);
    return Promise.race([
      new Promise<RegExpMatchArray>((resolve) => this.#waiters.push({ re, resolve })),
      this.status.then(() => this.#stderr.match(re)),
    ]);
  }

  /** Kills the tree and waits until the child is reaped and its pipes are drained. */
  async kill(): Promise<void> {
    killTree(this.pid);
    await this.status;
    await this.#drained;
  }

  /** Waits for the end of the child and its pipes. */
  async done(): Promise<Deno.CommandStatus> {
    const s = await this.status;
    await this.#drained;
    return s;
  }
}

/** What a run to completion gave. */
export interface RunResult {
  ok: boolean;
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak RSS of the tree as sampled (kB). */
  peakKB: number;
  /** Why the run was stopped (timeout, memory), if it was. */
  stopped?: string;
}

/** Runs a command to its end under limits; never throws for the command's failure. */
export async function run(
  cmd: string[],
  opts: {
    env?: Record<string, string>;
    cwd?: string;
    limits?: Limits;
    echo?: boolean;
    /** Collect stdout (default); false discards it. */
    stdout?: boolean;
  },
): Promise<RunResult> {
  const child = new Child(cmd, { ...opts, stdout: opts.stdout ?? true });
  const s = await child.done();
  return {
    ok: s.success && child.watch.stopped === undefined,
    code: s.code,
    stdout: child.stdout(),
    stderr: child.stderr(),
    ms: performance.now() - child.started,
    peakKB: child.watch.peakKB,
    stopped: child.watch.stopped,
  };
}
