// The two trace servers of the scale bench, each started on loopback, timed until it
// prints its URL, taken through the user's session (pages.ts), watched for memory the
// whole time, and killed at the end: traceglass (`deno run -A server/main.ts -http`) and
// `go tool trace -http`, stopped when it passes its memory or time limit.

import { goOracleEnv, traceToolCommand } from "../../../tests/support/go_oracle.ts";
import { Child, type Limits } from "./children.ts";
import {
  biggestGroup,
  goTimelineData,
  type PageResult,
  runSession,
  type SessionOptions,
  timelineWindows,
  type WindowResult,
} from "./pages.ts";

const root = new URL("../../../", import.meta.url).pathname;

/** One server's run over one trace. */
export interface ServerRun {
  /** Start to the URL line. */
  startMs?: number;
  /** Why there is no URL (the server's last line, a timeout, a memory limit). */
  startError?: string;
  /** The largest goroutine group (traceglass's /api/goroutines). */
  group?: string;
  pages: PageResult[];
  /** traceglass: the proc timeline's window fetches; Go: its /jsontrace of the first range. */
  window?: WindowResult;
  goTimeline?: PageResult;
  /** Peak RSS of the server's process tree over the whole run (kB). */
  peakKB: number;
  /** RSS when the session ended (kB). */
  endKB?: number;
  /** Processes in the server's tree (1: `deno run` is the server itself). */
  processes: number;
  /** The watch stopped the server (memory, time). */
  stopped?: string;
}

export interface ServerOptions extends SessionOptions {
  /** Limit of the start-up (until the URL). */
  startTimeoutMs: number;
  minFreeKB: number;
}

const URL_LINE = /listening on (http:\/\/\S+)/;

/** Starts a server, waits for its URL (or its end, or the start-up limit). */
async function started(
  child: Child,
  timeoutMs: number,
): Promise<{ url?: string; ms: number; error?: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<"timeout">((r) => timer = setTimeout(() => r("timeout"), timeoutMs));
  const m = await Promise.race([child.waitForStderr(URL_LINE), limit]);
  clearTimeout(timer);
  const ms = performance.now() - child.started;
  if (m !== "timeout" && m !== null) return { url: m[1], ms };
  if (m === "timeout") child.watch.stop(`no URL after ${(timeoutMs / 1000).toFixed(0)} s`);
  await child.kill();
  const last = child.stderr().trim().split("\n").slice(-2).join(" / ");
  return { ms, error: child.watch.stopped ?? (last || "exited without a URL") };
}

async function finish(child: Child, run: ServerRun): Promise<ServerRun> {
  run.endKB = child.watch.sample() || undefined;
  await child.kill();
  run.peakKB = child.watch.peakKB;
  run.processes = child.watch.processes;
  run.stopped = child.watch.stopped;
  return run;
}

/** traceglass's server: start-up, every page, the timeline's window fetches. */
export async function measureOurServer(path: string, o: ServerOptions): Promise<ServerRun> {
  const child = new Child(
    [Deno.execPath(), "run", "-A", `${root}server/main.ts`, "-http=127.0.0.1:0", path],
    { env: { BROWSER: "true" }, limits: { minFreeKB: o.minFreeKB } },
  );
  const run: ServerRun = { pages: [], peakKB: 0, processes: 1 };
  try {
    const s = await started(child, o.startTimeoutMs);
    run.startMs = s.url ? s.ms : undefined;
    run.startError = s.error;
    if (!s.url) return await finish(child, run);
    // The group is looked up after /goroutines, as a user picks it from that page.
    const peakKB = () => Math.max(child.watch.peakKB, child.watch.sample());
    run.pages = await runSession(s.url, async () => {
      return run.group = await biggestGroup(s.url!, o.readyTimeoutMs);
    }, { ...o, peakKB });
    run.window = await timelineWindows(s.url, o);
    return await finish(child, run);
  } finally {
    await child.kill();
  }
}

/**
 * `go tool trace -http`: start-up and the same pages (its timeline data is /jsontrace of
 * the first range), stopped past `limits` (RSS, time of the whole run).
 */
export async function measureGoServer(
  path: string,
  group: string | undefined,
  limits: Limits,
  o: ServerOptions,
): Promise<ServerRun> {
  const child = new Child([...await traceToolCommand(), "-http=127.0.0.1:0", path], {
    env: { ...await goOracleEnv(), BROWSER: "true" },
    limits: { ...limits, minFreeKB: o.minFreeKB },
  });
  const run: ServerRun = { pages: [], peakKB: 0, processes: 1, group };
  try {
    const s = await started(child, limits.timeoutMs ?? o.startTimeoutMs);
    run.startMs = s.url ? s.ms : undefined;
    run.startError = s.error;
    if (!s.url) return await finish(child, run);
    run.pages = await runSession(s.url, () => Promise.resolve(group), o);
    run.goTimeline = await goTimelineData(s.url, o);
    return await finish(child, run);
  } finally {
    await child.kill();
  }
}
