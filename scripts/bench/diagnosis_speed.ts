// How soon after a trace is open the diagnosis and a task's critical path answer (issue
// 12: within 2 s on the bench trace), then screenshots of the diagnosis page, the task
// page with the slowest task's critical path and the timeline framing that path, in
// headless Chromium (test-output/screenshots/bench-*.png).
//
//   deno run -A scripts/bench/diagnosis_speed.ts [trace] [--no-shots]
//
// The server is started as a user starts it; "open" is the moment it prints its URL.

import { launchChromium, screenshot } from "../../tests/support/browser.ts";

const root = new URL("../../", import.meta.url).pathname;
const trace = Deno.args.find((a) => !a.startsWith("--")) ?? `${root}tmp/bench/v2.trace`;
const shots = !Deno.args.includes("--no-shots");

const t0 = performance.now();
const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", `${root}server/main.ts`, "-http=127.0.0.1:0", trace],
  stdout: "null",
  stderr: "piped",
  env: { BROWSER: "" },
}).spawn();
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
try {
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "", base = "";
  while (!base) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the server exited:\n${seen}`);
    seen += value;
    base = /listening on (http:\/\/\S+)/.exec(seen)?.[1].replace(/\/$/, "") ?? "";
  }
  (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })();
  const open = performance.now();
  console.log(`${trace}: open (URL printed) after ${sec(open - t0)}`);
  const get = async (path: string) => {
    const res = await fetch(base + path);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json();
  };
  // Both questions asked at once, as soon as the trace is open.
  const [diag, tasks] = await Promise.all([
    get("/api/diagnosis").then((d) => ({ d, at: performance.now() })),
    get("/api/usertasks").then((d) => ({ d, at: performance.now() })),
  ]);
  console.log(
    `/api/diagnosis: ${diag.d.findings.length} findings, ${sec(diag.at - open)} after open`,
  );
  // The slowest task of each type; screenshots show one whose path has many hops.
  const types = (tasks.d.types as { type: string; slowest?: { id: number } }[])
    .filter((t) => t.slowest);
  let taskId = -1, taskType = "", most = -1;
  for (const t of types) {
    const s = performance.now();
    const cp = await get(`/api/criticalpath?taskid=${t.slowest!.id}`);
    const e = performance.now();
    console.log(
      `/api/criticalpath?taskid=${t.slowest!.id} (slowest "${t.type}"): ${cp.hops.length} hops, ` +
        `${sec(e - s)}, answered ${sec(e - open)} after open`,
    );
    // A path of hundreds of hops is a page too tall to picture: the richest one below that.
    if (cp.hops.length > most && cp.hops.length <= 250) {
      [most, taskId, taskType] = [cp.hops.length, t.slowest!.id, t.type];
    }
  }
  if (shots) {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${base}/diagnosis`, { waitUntil: "load" });
      await page.waitForSelector("#findings", { timeout: 120_000 });
      console.log(`screenshot: ${await screenshot(page, "bench-diagnosis")}`);
      if (taskId >= 0) {
        await page.goto(`${base}/usertask?type=${encodeURIComponent(taskType)}`);
        await page.waitForSelector(".cp-panel .cp-chain tbody tr", { timeout: 120_000 });
        console.log(`screenshot: ${await screenshot(page, "bench-task-critical-path", false)}`);
        await page.goto(`${base}/criticalpath?taskid=${taskId}`);
        await page.waitForSelector("a.cp-timeline", { timeout: 120_000 });
        await page.click("a.cp-timeline");
        await page.waitForFunction(
          () => {
            // deno-lint-ignore no-explicit-any
            const r = (globalThis as any).__timeline?.last;
            return r && r.chainSpans > 0;
          },
          null,
          { timeout: 300_000 },
        );
        console.log(`screenshot: ${await screenshot(page, "bench-critical-path-timeline", false)}`);
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  child.kill("SIGTERM");
  await child.status;
}
