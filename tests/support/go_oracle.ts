// The Go toolchain as a test oracle: run `go tool trace` and small Go helper programs and
// capture what they print. Go is never part of the product; only tests use this.

import { fileURLToPath } from "node:url";

/** The Go release whose behaviour traceglass reproduces. */
export const GO_ORACLE_VERSION = "go1.26";
const GO_TOOLCHAIN = "go1.26.8";

export interface RunResult {
  stdout: Uint8Array;
  /** Decoded as UTF-8; Go's error texts are what we compare. */
  stderr: string;
  code: number;
}

export interface RunOptions {
  cwd?: string;
  stdin?: Uint8Array;
  args?: string[];
}

/** Absolute path of a directory under tests/go/, e.g. goProgramDir("tinytrace"). */
export function goProgramDir(name: string): string {
  return fileURLToPath(new URL(`../go/${name}/`, import.meta.url));
}

let envPromise: Promise<Record<string, string>> | undefined;

/**
 * Environment for every Go invocation: TZ=UTC so local times print the same everywhere,
 * and GOTOOLCHAIN pinned when the installed `go` is not the oracle release.
 */
export function goEnv(): Promise<Record<string, string>> {
  return envPromise ??= (async () => {
    const env: Record<string, string> = { TZ: "UTC" };
    const { stdout, code } = await run("go", { args: ["env", "GOVERSION"] }, env);
    const version = new TextDecoder().decode(stdout).trim();
    if (
      code !== 0 || !(version === GO_ORACLE_VERSION || version.startsWith(GO_ORACLE_VERSION + "."))
    ) {
      env.GOTOOLCHAIN = GO_TOOLCHAIN;
    }
    return env;
  })();
}

let traceToolPromise: Promise<string[]> | undefined;

// `go tool trace` costs a `go` command start-up per call; `go tool -n trace` names the
// cached binary once so the many oracle runs can start it directly.
function traceToolCommand(): Promise<string[]> {
  return traceToolPromise ??= (async () => {
    const { stdout, code } = await runGo(["tool", "-n", "trace"]);
    const path = new TextDecoder().decode(stdout).trim();
    return code === 0 && path !== "" ? [path] : ["go", "tool", "trace"];
  })();
}

/** Runs `go tool trace <args>` (Go 1.26) and captures stdout, stderr and exit status. */
export async function goToolTrace(args: string[]): Promise<RunResult> {
  const [cmd, ...pre] = await traceToolCommand();
  return run(cmd, { args: [...pre, ...args] }, await goEnv());
}

/** Runs `go <args>` with the oracle environment. */
export async function runGo(
  args: string[],
  opts: Omit<RunOptions, "args"> = {},
): Promise<RunResult> {
  return run("go", { ...opts, args }, await goEnv());
}

const built = new Map<string, Promise<string>>();

/**
 * Builds the Go program in tests/go/<name>/ (its own module) once per test process and
 * returns the binary's path.
 */
export function buildGoProgram(name: string): Promise<string> {
  let path = built.get(name);
  if (path === undefined) {
    path = (async () => {
      const out = await Deno.makeTempDir({ prefix: `traceglass-${name}-` });
      const bin = `${out}/${name}`;
      const res = await runGo(["build", "-o", bin, "."], { cwd: goProgramDir(name) });
      if (res.code !== 0) throw new Error(`go build ${name} failed:\n${res.stderr}`);
      return bin;
    })();
    built.set(name, path);
  }
  return path;
}

/** Runs a program built by buildGoProgram. */
export async function runGoProgram(name: string, opts: RunOptions = {}): Promise<RunResult> {
  return run(await buildGoProgram(name), opts, await goEnv());
}

async function run(cmd: string, opts: RunOptions, env: Record<string, string>): Promise<RunResult> {
  const child = new Deno.Command(cmd, {
    args: opts.args ?? [],
    cwd: opts.cwd,
    env,
    stdin: opts.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Collect output while feeding stdin, or a chatty child blocks on a full pipe.
  const output = child.output();
  if (opts.stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(opts.stdin);
    await writer.close();
  }
  const out = await output;
  return { stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr), code: out.code };
}
