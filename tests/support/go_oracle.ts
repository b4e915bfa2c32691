// `go tool trace` (Go 1.26) as the test oracle: run it and capture what it prints. Go is
// never part of the product; only tests use this. Helper programs under tests/go/ are
// built and run with GoCommand (go_tool.ts).

import type { RunResult } from "./go_tool.ts";

export type { RunResult };

/** The Go release whose behaviour traceglass reproduces. */
export const GO_ORACLE_VERSION = "go1.26";
const GO_TOOLCHAIN = "go1.26.8";

let envPromise: Promise<Record<string, string>> | undefined;

/**
 * Environment for oracle runs: TZ=UTC so local times print the same everywhere, and
 * GOTOOLCHAIN pinned when the installed `go` is not the oracle release.
 */
export function goOracleEnv(): Promise<Record<string, string>> {
  return envPromise ??= (async () => {
    const env: Record<string, string> = { TZ: "UTC" };
    const { stdout, code } = await run(["go", "env", "GOVERSION"], env);
    const version = new TextDecoder().decode(stdout).trim();
    if (
      code !== 0 || !(version === GO_ORACLE_VERSION || version.startsWith(`${GO_ORACLE_VERSION}.`))
    ) {
      env.GOTOOLCHAIN = GO_TOOLCHAIN;
    }
    return env;
  })();
}

let toolPromise: Promise<string[]> | undefined;

// `go tool trace` pays a `go` command start-up on every call; `go tool -n trace` names the
// cached binary once so the many oracle runs can start it directly.
function traceToolCommand(): Promise<string[]> {
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
