import assert from "node:assert/strict";
import { runTraceglass, startTask, startTraceglass } from "../support/servers.ts";
import { tracePath } from "../support/web_app.ts";
import { parseListenAddress } from "../../server/http/address.ts";
import { progressBarText } from "../../server/cli/progress.ts";
import {
  byteCount,
  logPrefix,
  progressLine,
  progressReporter,
} from "../../server/http/startup_log.ts";

Deno.test("the server starts from another directory and serves pages and embedded assets", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await using srv = await startTraceglass(tracePath("testdata/traces/go1.26/gc.trace"), dir);
    assert.deepEqual(srv.lines.slice(0, 1), ["Preparing trace for viewer..."]);
    assert.match(
      srv.lines.at(-1)!,
      /^Opening browser\. Trace viewer is listening on http:\/\/127\.0\.0\.1:\d+$/,
    );
    for (const path of ["/", "/static/app.js", "/static/app.css", "/goroutines", "/mmu"]) {
      const res = await fetch(srv.url + path);
      assert.equal(res.status, 200, path);
      await res.body?.cancel();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("with no browser to start, start-up says to open the URL in a browser instead of 'Opening browser'", async () => {
  const gc = tracePath("testdata/traces/go1.26/gc.trace");
  {
    // No $BROWSER and no display (on Linux): nothing to try.
    await using srv = await startTraceglass(gc, undefined, {
      BROWSER: "",
      DISPLAY: "",
      WAYLAND_DISPLAY: "",
    });
    assert.match(
      srv.lines.at(-1)!,
      /^Open this URL in a browser\. Trace viewer is listening on http:\/\/127\.0\.0\.1:\d+$/,
    );
  }
  // A $BROWSER that fails: Go's line, then what to do.
  await using srv = await startTraceglass(gc, undefined, { BROWSER: "false" });
  for (let i = 0; i < 50 && !srv.lines.some((l) => l.startsWith("Could not")); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  // The failing opener may answer before start-up is seen to end: its line comes after Go's.
  const opening = srv.lines.findIndex((l) =>
    /^Opening browser\. Trace viewer is listening on /.test(l)
  );
  const failed = srv.lines.indexOf(`Could not start a browser: open ${srv.url} in one.`);
  assert.ok(opening >= 0 && failed > opening, srv.lines.join("\n"));
});

Deno.test("deno task start takes -http after a --, and a trace path from the folder it was typed in", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(tracePath("testdata/traces/go1.26/gc.trace"), `${dir}/my.trace`);
    await using srv = await startTask(["--", "-http=127.0.0.1:0", "my.trace"], dir);
    const s = await (await fetch(`${srv.url}/api/summary`)).json();
    assert.equal(s.file, "my.trace");
    assert.ok(s.gcs > 0, "gc.trace is served");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a lost tail is reported with Go's two lines, and the rest is served", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = await Deno.readFile(tracePath("testdata/traces/go1.26/gc.trace"));
    const cut = `${dir}/cut.trace`;
    await Deno.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    await using srv = await startTraceglass(cut, dir);
    const err = srv.lines.find((l) =>
      l.startsWith("Encountered error, but able to proceed. Error: ")
    );
    assert.ok(err, srv.lines.join("\n"));
    assert.match(
      srv.lines.find((l) => l.startsWith("Lost "))!,
      /^Lost \d+\.\d\d% of the latest trace data due to error \(\d+\.\d KiB of 208\.2 KiB\)$/,
    );
    const summary = await (await fetch(`${srv.url}/api/summary`)).json();
    assert.ok(summary.lost && summary.events > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("start-up failures print Go's messages and exit 1", async () => {
  const missing = await runTraceglass(["/no/such/trace"]);
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr,
    "failed to read trace file: open /no/such/trace: no such file or directory\n",
  );
  const notTrace = await runTraceglass(["-http=127.0.0.1:0", new URL(import.meta.url).pathname]);
  assert.equal(notTrace.code, 1);
  assert.match(
    notTrace.stderr,
    /failed to create trace reader: bad file format: not a Go execution trace\?\n$/,
  );
  const badAddr = await runTraceglass(["-http=foo", tracePath("testdata/traces/go1.26/gc.trace")]);
  assert.equal(badAddr.code, 1);
  assert.equal(
    badAddr.stderr,
    "failed to create server socket: listen tcp: address foo: missing port in address\n",
  );
});

Deno.test("-http addresses: an empty host means localhost, not every interface", () => {
  assert.deepEqual(parseListenAddress(":6060"), { hostname: "localhost", port: 6060 });
  assert.deepEqual(parseListenAddress("localhost:0"), { hostname: "localhost", port: 0 });
  assert.deepEqual(parseListenAddress("0.0.0.0:80"), { hostname: "0.0.0.0", port: 80 });
  assert.deepEqual(parseListenAddress("[::1]:8080"), { hostname: "::1", port: 8080 });
  assert.deepEqual(parseListenAddress("foo"), {
    error: "listen tcp: address foo: missing port in address",
  });
  assert.ok("error" in parseListenAddress("a:b:c"));
  assert.ok("error" in parseListenAddress("host:99999"));
});

Deno.test("progress lines come at most every 5 s, worded as Go's", () => {
  const lines: string[] = [];
  let now = 0;
  const report = progressReporter((l) => lines.push(l), 5000, () => now);
  for (now = 0; now <= 12000; now += 1000) report(now / 1000 * 1024 * 1024, 150 * 1024 * 1024);
  assert.deepEqual(lines, [
    "5.0 MiB of 150.0 MiB (3.3%) processed...",
    "10.0 MiB of 150.0 MiB (6.7%) processed...",
  ]);
  assert.equal(progressLine(512, 1000), "512 B of 1000 B (51.2%) processed...");
  assert.deepEqual([byteCount(1023), byteCount(1024), byteCount(1536 * 1024 * 1024)], [
    "1023 B",
    "1.0 KiB",
    "1.5 GiB",
  ]);
  assert.match(logPrefix(new Date(2024, 0, 2, 3, 4, 5)), /^2024\/01\/02 03:04:05 $/);
});

Deno.test("on a terminal, parsing shows a bar with bytes, rate and time left", () => {
  assert.equal(
    progressBarText(75 << 20, 300 << 20, 2),
    "[########......................] 75.0 MiB of 300.0 MiB (25.0%), 37.5 MiB/s, 6.0s left",
  );
  assert.equal(
    progressBarText(300 << 20, 300 << 20, 8),
    "[##############################] 300.0 MiB of 300.0 MiB (100.0%), 37.5 MiB/s, done",
  );
});
