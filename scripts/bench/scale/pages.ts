// A user's session on a trace server (traceglass or `go tool trace`): every page a user
// opens, one by one, each timed to its first response. A traceglass page may first answer
// with a progress page; it is then followed as the browser would (poll /api/progress,
// reload when no pass runs) until the real page comes, and that time is kept too.
// Nothing here throws for a slow or failing server: timeouts and errors are results.

/** The flags the MMU page asks its first plot with (web/views/mmu.ts: its defaults). */
export const MMU_DEFAULT_FLAGS = "system|stw|background|assist";

/** One page of the session. */
export interface PageResult {
  /** Row label, e.g. "/goroutine?name=(biggest)". */
  page: string;
  path: string;
  status?: number;
  /** Time to the first complete response. */
  firstMs?: number;
  /** The first response was a progress page. */
  progress?: boolean;
  /** Time from the first request to the real page, when it came after a progress page. */
  readyMs?: number;
  readyStatus?: number;
  bytes?: number;
  /** "timeout after 120 s", a network error, or why the page was not asked. */
  error?: string;
  /** The server's peak RSS so far, once the page came (which page raised the peak). */
  peakKB?: number;
}

/** Window fetches of the timeline (proc view), as its page makes them. */
export interface WindowResult {
  /** GET /api/trace?view=proc: the view's boot data. */
  bootMs?: number;
  /** The first window (the page's initial view over three screen widths). */
  firstMs?: number;
  medianMs?: number;
  p95Ms?: number;
  fetches: number;
  bytes?: number;
  error?: string;
}

export interface SessionOptions {
  /** Limit of one request. */
  pageTimeoutMs: number;
  /** Limit from a page's first request until its real answer after progress pages. */
  readyTimeoutMs: number;
  /** Called before each request (to print where the session is). */
  onPage?: (path: string) => void;
  /** The server's peak RSS so far (kB), recorded with each page. */
  peakKB?: () => number;
}

interface Got {
  status?: number;
  body?: string;
  ms: number;
  error?: string;
}

async function get(url: string, timeoutMs: number): Promise<Got> {
  const start = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text();
    return { status: res.status, body, ms: performance.now() - start };
  } catch (e) {
    const ms = performance.now() - start;
    const name = (e as Error)?.name;
    if (name === "TimeoutError" || name === "AbortError") {
      return { ms, error: `timeout after ${seconds(timeoutMs)}` };
    }
    return { ms, error: String((e as Error)?.message ?? e).split("\n")[0] };
  }
}

/** A limit as said in a result: "120 s", "0.3 s". */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** A page that is traceglass's progress page rather than the page asked for. */
export function isProgressPage(body: string | undefined): boolean {
  return body !== undefined && /"view":\s*"progress"/.test(body);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fetches one page; follows progress pages as web/views/progress.ts does. */
export async function openPage(
  base: string,
  page: string,
  path: string,
  o: SessionOptions,
): Promise<PageResult> {
  const r = await fetchPage(base, page, path, o);
  if (o.peakKB) r.peakKB = o.peakKB();
  return r;
}

async function fetchPage(
  base: string,
  page: string,
  path: string,
  o: SessionOptions,
): Promise<PageResult> {
  o.onPage?.(path);
  const start = performance.now();
  const first = await get(base + path, o.pageTimeoutMs);
  const r: PageResult = {
    page,
    path,
    status: first.status,
    firstMs: first.error ? undefined : first.ms,
    bytes: first.body?.length,
    error: first.error,
  };
  if (first.error || !isProgressPage(first.body)) return r;
  r.progress = true;
  const deadline = start + o.readyTimeoutMs;
  while (performance.now() < deadline) {
    await sleep(500);
    const p = await get(`${base}/api/progress`, Math.min(o.pageTimeoutMs, 30_000));
    let running = true;
    try {
      running = !p.error && JSON.parse(p.body!).passes.length > 0;
    } catch {
      // Not JSON: ask again.
    }
    if (running) continue;
    const left = Math.max(1000, Math.min(o.pageTimeoutMs, deadline - performance.now()));
    const again = await get(base + path, left);
    if (again.error) {
      r.error = `after progress: ${again.error}`;
      return r;
    }
    if (!isProgressPage(again.body)) {
      r.readyMs = performance.now() - start;
      r.readyStatus = again.status;
      r.bytes = again.body!.length;
      return r;
    }
  }
  r.error = `still working after ${seconds(o.readyTimeoutMs)}`;
  return r;
}

/** The group page's row; its path is known once /goroutines has been seen. */
export const GROUP_PAGE = "/goroutine?name=(biggest group)";
/** A timeline shown in parts (a big trace): its last part, the one built from the most replay. */
export const LAST_PART_PAGE = "/trace?view=proc&part=(last)";

/** The pages a user opens, in order (the group page's path is filled in later). */
export const SESSION_PAGES: [string, string][] = [
  ["/", "/"],
  ["/goroutines", "/goroutines"],
  [GROUP_PAGE, ""],
  ["/io", "/io"],
  ["/block", "/block"],
  ["/syscall", "/syscall"],
  ["/sched", "/sched"],
  ["/usertasks", "/usertasks"],
  ["/userregions", "/userregions"],
  ["/mmu", "/mmu"],
  [
    "/mmu?mode=plot (default flags)",
    `/mmu?mode=plot&flags=${encodeURIComponent(MMU_DEFAULT_FLAGS)}`,
  ],
  ["/trace?view=proc", "/trace?view=proc"],
  ["/trace?view=thread", "/trace?view=thread"],
  ["/trace?view=goroutine", "/trace?view=goroutine"],
  [LAST_PART_PAGE, ""],
];

/** The largest goroutine group (most goroutines) from traceglass's /api/goroutines. */
export async function biggestGroup(
  base: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const r = await get(`${base}/api/goroutines`, timeoutMs);
  if (r.error || r.status !== 200) return undefined;
  try {
    const groups = JSON.parse(r.body!).groups as { name: string; n: number; execTime: number }[];
    groups.sort((a, b) => b.n - a.n || b.execTime - a.execTime);
    return groups[0]?.name;
  } catch {
    return undefined;
  }
}

/**
 * Runs the session: every page in order; a timeout or an error is recorded and the next
 * page asked. `group` names the group to open, asked once /goroutines has answered.
 */
export async function runSession(
  base: string,
  group: () => Promise<string | undefined>,
  o: SessionOptions,
): Promise<PageResult[]> {
  const out: PageResult[] = [];
  for (const [page, fixed] of SESSION_PAGES) {
    let path = fixed;
    if (page === LAST_PART_PAGE) {
      // A timeline in parts: the last part is the one whose model replays the most.
      const boot = await get(`${base}/api/trace?view=proc`, o.readyTimeoutMs);
      let n = 0;
      try {
        n = JSON.parse(boot.body ?? "{}").parts?.list?.length ?? 0;
      } catch { /* go tool trace: no such API */ }
      if (n > 1) out.push(await openPage(base, page, `/trace?view=proc&part=${n - 1}`, o));
      continue;
    }
    if (page === GROUP_PAGE) {
      const name = await group();
      if (name === undefined) {
        out.push({ page, path: "", error: "no goroutine group known" });
        continue;
      }
      path = `/goroutine?name=${encodeURIComponent(name)}`;
    }
    out.push(await openPage(base, page, path, o));
  }
  return out;
}

// The timeline page's canvas width in the bench (px) and the lanes its first view shows.
const SCREEN_PX = 1200, FIRST_LANES = 40;

/**
 * The proc timeline's window fetches (server/http/timeline.ts, web/timeline/data.ts): the
 * boot data, then the first window over three screen widths, then pans and zooms, each a
 * fresh request.
 */
export async function timelineWindows(base: string, o: SessionOptions): Promise<WindowResult> {
  o.onPage?.("/api/trace?view=proc + /api/timeline/window");
  const boot = await get(`${base}/api/trace?view=proc`, o.readyTimeoutMs);
  if (boot.error || boot.status !== 200) {
    return {
      fetches: 0,
      error: `/api/trace?view=proc: ${
        boot.error ?? `HTTP ${boot.status} ${boot.body?.slice(0, 200)}`
      }`,
    };
  }
  let data: { query: string; initial: { t0: number; t1: number }; lanes: unknown[] };
  try {
    data = JSON.parse(boot.body!);
  } catch (e) {
    return { bootMs: boot.ms, fetches: 0, error: `boot data: ${e}` };
  }
  const lastLane = Math.min(data.lanes.length - 1, FIRST_LANES + 8);
  const span0 = Math.max(1, data.initial.t1 - data.initial.t0);
  // Centre and span of each view: the initial one, four pans right by half a screen,
  // three zooms in by 2×, two zooms out by 4×.
  const views: [number, number][] = [];
  let mid = data.initial.t0 + span0 / 2, span = span0;
  views.push([mid, span]);
  for (let i = 0; i < 4; i++) views.push([mid += span / 2, span]);
  for (let i = 0; i < 3; i++) views.push([mid, span /= 2]);
  for (let i = 0; i < 2; i++) views.push([mid, span *= 4]);
  const times: number[] = [];
  let bytes = 0;
  for (const [m, s] of views) {
    const p = new URLSearchParams(data.query);
    p.set("t0", String(Math.round(m - s * 1.5)));
    p.set("t1", String(Math.round(m + s * 1.5)));
    p.set("px", String(s / SCREEN_PX));
    p.set("lanes", `0-${Math.max(0, lastLane)}`);
    const r = await get(`${base}/api/timeline/window?${p}`, o.pageTimeoutMs);
    if (r.error || r.status !== 200) {
      return {
        bootMs: boot.ms,
        fetches: times.length,
        error: `window ${times.length + 1}: ${
          r.error ?? `HTTP ${r.status} ${r.body?.slice(0, 200)}`
        }`,
        ...stats(times),
      };
    }
    bytes += r.body!.length;
    times.push(r.ms);
  }
  return { bootMs: boot.ms, fetches: times.length, bytes, ...stats(times) };
}

function stats(times: number[]): Pick<WindowResult, "firstMs" | "medianMs" | "p95Ms"> {
  if (times.length === 0) return {};
  const s = [...times].sort((a, b) => a - b);
  return {
    firstMs: times[0],
    medianMs: s[(s.length - 1) >> 1],
    p95Ms: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)],
  };
}

/**
 * `go tool trace`'s timeline data: its viewer page loads /jsontrace for one split range;
 * the first range of the proc view is taken from the index page's links.
 */
export async function goTimelineData(base: string, o: SessionOptions): Promise<PageResult> {
  const index = await get(`${base}/`, o.pageTimeoutMs);
  const m = index.body?.match(/\/trace\?view=proc&(?:amp;)?start=(\d+)&(?:amp;)?end=(\d+)/);
  const path = m ? `/jsontrace?view=proc&start=${m[1]}&end=${m[2]}` : "/jsontrace?view=proc";
  return openPage(base, "timeline data (/jsontrace, first range)", path, o);
}
