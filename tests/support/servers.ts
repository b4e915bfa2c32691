// Runs a trace server as a child process — traceglass or `go tool trace` — and waits for
// the URL it prints. One Go server at a time: tests that start one close it before the
// next. BROWSER=true makes both tools' browser openers a no-op.

import { REPO_ROOT } from "./paths.ts";

export interface RunningServer extends AsyncDisposable {
  url: string;
  /** Start-up lines printed on stderr, timestamps removed. */
  lines: string[];
  close(): Promise<void>;
}

export const MAIN = new URL("server/main.ts", REPO_ROOT).pathname;
const LISTENING = /listening on (http:\/\/\S+)/;

/** Strips Go's log prefix "2006/01/02 15:04:05 ". */
export function stripLogPrefix(line: string): string {
  return line.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, "");
}

async function start(
  cmd: string,
  args: string[],
  cwd?: string,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const child = new Deno.Command(cmd, {
    args,
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    env: { BROWSER: "true", ...env },
  }).spawn();
  const lines: string[] = [];
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  let url = "";
  const deadline = Date.now() + 60_000;
  while (!url) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((r) => timer = setTimeout(() => r(null), left));
    const next = await Promise.race([reader.read(), timeout]);
    clearTimeout(timer);
    if (next === null) break; // silent too long: give up (the finally below kills it)
    const { value, done } = next;
    if (done) break;
    buf += value;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = stripLogPrefix(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      lines.push(line);
      const m = line.match(LISTENING);
      if (m) url = m[1];
    }
  }
  // Keep reading stderr (so the child never blocks on a full pipe): later lines go on.
  const drain = (async () => {
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        buf += r.value;
        let nl;
        while ((nl = buf.indexOf("\n")) >= 0) {
          lines.push(stripLogPrefix(buf.slice(0, nl)));
          buf = buf.slice(nl + 1);
        }
      }
    } catch { /* closed */ }
  })();
  const close = async () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await drain;
  };
  if (!url) {
    await close();
    throw new Error(`${cmd} ${args.join(" ")} did not start:\n${lines.join("\n")}`);
  }
  return { url, lines, close, [Symbol.asyncDispose]: close };
}

/**
 * traceglass on `trace`, run from `cwd` (default: a temp dir, so no project file is near),
 * with `env` added to the environment (BROWSER=true unless it says otherwise) and `flags`
 * after -http.
 */
export function startTraceglass(
  trace: string,
  cwd = Deno.makeTempDirSync(),
  env: Record<string, string> = {},
  flags: string[] = [],
): Promise<RunningServer> {
  const args = ["run", "-A", MAIN, "-http=127.0.0.1:0", ...flags, trace];
  return start(Deno.execPath(), args, cwd, env);
}

/** `deno task start ARGS` as deno runs it: server/start.ts from the repository, INIT_CWD set. */
export function startTask(args: string[], typedIn: string): Promise<RunningServer> {
  const script = new URL("server/start.ts", REPO_ROOT).pathname;
  return start(Deno.execPath(), ["run", "-A", script, ...args], REPO_ROOT.pathname, {
    INIT_CWD: typedIn,
  });
}

let goTraceBinary: Promise<string> | undefined;

/**
 * The `go tool trace` binary itself (`go tool -n trace` builds it if needed and prints
 * its path). Running it directly means a kill reaches the server, not just the `go`
 * wrapper that would leave it holding our pipes.
 */
function goTraceTool(): Promise<string> {
  return goTraceBinary ??= (async () => {
    const out = await new Deno.Command("go", { args: ["tool", "-n", "trace"], stderr: "inherit" })
      .output();
    if (!out.success) throw new Error("go tool -n trace failed");
    return new TextDecoder().decode(out.stdout).trim();
  })();
}

/** `go tool trace` on `trace`. */
export async function startGoTrace(trace: string): Promise<RunningServer> {
  return start(await goTraceTool(), ["-http=127.0.0.1:0", trace]);
}

/** Runs traceglass to completion (for start-up failures); returns status and stderr. */
export async function runTraceglass(args: string[]): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    env: { BROWSER: "true" },
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}
