// `deno task bundle`'s traceglass.js on its own, in a temporary folder with a committed
// trace and nothing else of the repository: `deno run -A traceglass.js` writes
// -d=parsed and -pprof as Go does and serves the web UI (pages, assets, /api JSON);
// `deno install -g -A -n traceglass traceglass.js` installs a command that runs it.

import assert from "node:assert/strict";
import { bundle } from "../../scripts/bundle.ts";
import { goToolTrace } from "../support/go_oracle.ts";
import { profileContent } from "../support/pprof_samples.ts";
import { tracePath } from "../support/web_app.ts";

const REL = "testdata/traces/go1.26/annotations.trace";

async function run(
  cmd: string,
  args: string[],
  cwd: string,
): Promise<{ stdout: Uint8Array; stderr: string; code: number }> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: { TZ: "UTC", BROWSER: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr), code: out.code };
}

/** Serves the trace with the bundle and checks a page, an asset and an /api twin. */
async function checkServer(cmd: string, args: string[], cwd: string): Promise<void> {
  const child = new Deno.Command(cmd, {
    args,
    cwd,
    env: { TZ: "UTC", BROWSER: "", DISPLAY: "" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    let log = "";
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let url: string | undefined;
    const deadline = Date.now() + 60_000;
    while (!url && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      log += value;
      url = /listening on (http:\/\/\S+)/.exec(log)?.[1];
    }
    assert.ok(url, `no URL in the server's log:\n${log}`);
    reader.releaseLock();
    child.stderr.cancel().catch(() => {});
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /id="tg-boot"/);
    const js = await fetch(new URL(/src="([^"]+app\.js[^"]*)"/.exec(html)![1], url));
    assert.equal(js.status, 200);
    assert.ok((await js.text()).length > 10_000, "the web bundle is served");
    const api = await fetch(new URL("/api/usertasks", url));
    assert.equal(api.status, 200);
    const tasks = await api.json() as { types: { type: string; count: number }[] };
    assert.ok(tasks.types.length > 0, "task types from /api/usertasks");
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

Deno.test("traceglass.js runs from a folder of its own: -d=parsed, -pprof, the server, deno install", async () => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-run-" });
  try {
    await bundle(`${dir}/traceglass.js`);
    await Deno.copyFile(tracePath(REL), `${dir}/app.trace`);
    const go = await goToolTrace(["-d=parsed", tracePath(REL)]);
    const goText = new TextDecoder().decode(go.stdout);

    const parsed = await run(Deno.execPath(), [
      "run",
      "-A",
      "traceglass.js",
      "-d=parsed",
      "app.trace",
    ], dir);
    assert.equal(parsed.code, 0, parsed.stderr);
    assert.equal(new TextDecoder().decode(parsed.stdout), goText, "-d=parsed");

    const pprof = await run(Deno.execPath(), [
      "run",
      "-A",
      "traceglass.js",
      "-pprof=sched",
      "app.trace",
    ], dir);
    assert.equal(pprof.code, 0, pprof.stderr);
    const goPprof = await goToolTrace(["-pprof=sched", tracePath(REL)]);
    assert.deepEqual(await profileContent(pprof.stdout), await profileContent(goPprof.stdout));

    await checkServer(Deno.execPath(), [
      "run",
      "-A",
      "traceglass.js",
      "-http=127.0.0.1:0",
      "app.trace",
    ], dir);

    const root = `${dir}/root`;
    const inst = await run(
      Deno.execPath(),
      ["install", "-g", "-A", "-n", "traceglass", "--root", root, `${dir}/traceglass.js`],
      dir,
    );
    assert.equal(inst.code, 0, inst.stderr);
    const installed = await run(`${root}/bin/traceglass`, ["-d=parsed", "app.trace"], dir);
    assert.equal(installed.code, 0, installed.stderr);
    assert.equal(new TextDecoder().decode(installed.stdout), goText, "the installed command");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
