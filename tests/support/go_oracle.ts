// `go tool trace` (Go 1.26) as the test oracle: run it and capture what it prints. Go is
// never part of the product; only tests use this. Helper programs under tests/go/ are
// built and run with GoCommand (go_tool.ts).

import type { RunResult } from "./go_tool.ts";

export type { RunResult };

/** The Go release whose behaviour traceglass reproduces. */
export const GO_ORACLE_VERSION = "go1.26";
const GO_TOOLCHAIN = "go1.26.8";

let oracleEnv: Record<string, string> | undefined;

/**
 * Environment for oracle runs: TZ=UTC so local times print the same everywhere, and
 * GOTOOLCHAIN pinned when the installed `go` is not the oracle release.
 */
export function goOracleEnvSync(): Record<string, string> {
  if (oracleEnv) return oracleEnv;
  const env: Record<string, string> = { TZ: "UTC" };
  const out = new Deno.Command("go", { args: ["env", "GOVERSION"], env, stderr: "null" })
    .outputSync();
  const version = new TextDecoder().decode(out.stdout).trim();
  if (
    !out.success || !(version === GO_ORACLE_VERSION || version.startsWith(`${GO_ORACLE_VERSION}.`))
  ) {
    env.GOTOOLCHAIN = GO_TOOLCHAIN;
  }
  return oracleEnv = env;
}

/** goOracleEnvSync, for async callers. */
export function goOracleEnv(): Promise<Record<string, string>> {
  return Promise.resolve(goOracleEnvSync());
}

let toolPromise: Promise<string[]> | undefined;

// `go tool trace` pays a `go` command start-up on every call; `go tool -n trace` names the
// cached binary once so the many oracle runs can start it directly.
/** The command that runs `go tool trace` (its cached binary when Go names it). */
export function traceToolCommand(): Promise<string[]> {
  return toolPromise ??= (async () => {
    const { stdout, code } = await run(["go", "tool", "-n", "trace"], await goOracleEnv());
    const path = new TextDecoder().decode(stdout).trim();
    return code === 0 && path !== "" ? [path] : ["go", "tool", "trace"];
  })();
}

/** Runs `go tool trace <args>` and captures stdout, stderr and the exit status. */
export async function goToolTrace(args: string[]): Promise<RunResult> {
  return run([...await traceToolCommand(), ...args], await goOracleEnv());
}

async function run(argv: string[], env: Record<string, string>): Promise<RunResult> {
  const [cmd, ...args] = argv;
  const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" })
    .output();
  return { stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr), code: out.code };
}

/** A response of the Go trace server, or `dropped` when Go closed the connection. */
export type GoHTTPResult =
  | { dropped: false; status: number; body: string }
  | { dropped: true; error: string };

/** A running `go tool trace -http=127.0.0.1:0 <trace>`; dispose (or close) stops it. */
export interface GoTraceServer extends AsyncDisposable {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** The server's process id (for measurements such as its peak RSS). */
  readonly pid: number;
  /** GETs a path such as "/mmu?mode=plot&flags=stw". */
  get(path: string): Promise<GoHTTPResult>;
  /** Everything Go logged so far. */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * Starts Go's trace viewer server on a free port and waits until it has parsed the trace
 * and logs its URL. Rejects with Go's output if it exits first. BROWSER=true keeps it
 * from opening a browser. `onSpawn` gets the process id at once (to watch its memory).
 */
export async function startGoTraceServer(
  tracePath: string,
  opts: { onSpawn?: (pid: number) => void } = {},
): Promise<GoTraceServer> {
  const [cmd, ...pre] = await traceToolCommand();
  const child = new Deno.Command(cmd, {
    args: [...pre, "-http=127.0.0.1:0", tracePath],
    env: { ...await goOracleEnv(), BROWSER: "true" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  opts.onSpawn?.(child.pid);
  let log = "";
  const { promise: announced, resolve: announce } = Promise.withResolvers<string>();
  // Keep draining stderr for the server's whole life (Go logs handler panics there).
  const drained = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      log += decoder.decode(chunk, { stream: true });
      const m = log.match(/Trace viewer is listening on (http:\/\/\S+)/);
      if (m) announce(m[1]);
    }
  })();
  const url = await Promise.race([
    announced,
    child.status.then((s) => {
      throw new Error(`go tool trace exited (${s.code}) before serving:\n${log}`);
    }),
  ]);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
    await drained;
  };
  return {
    url,
    pid: child.pid,
    async get(path: string): Promise<GoHTTPResult> {
      try {
        const res = await fetch(url + path);
        return { dropped: false, status: res.status, body: await res.text() };
      } catch (e) {
        return { dropped: true, error: String(e) };
      }
    },
    stderr: () => log,
    close,
    [Symbol.asyncDispose]: close,
  };
}
