// The command line against `go tool trace`: the same arguments give the same exit status
// and the same first stderr line (Go's message; we may add lines after it). Runs
// `deno run -A server/main.ts` as a subprocess, as a user would. Server mode and -pprof
// are not implemented yet, so every case either fails before them or uses -d.

import assert from "node:assert/strict";
import { goToolTrace, type RunResult } from "../support/go_oracle.ts";
import { firstLine } from "../support/debug_diff.ts";
import { REPO_ROOT } from "../support/paths.ts";

const MAIN = new URL("server/main.ts", REPO_ROOT).pathname;
const TRACE = new URL("testdata/traces/go1.26/empty.trace", REPO_ROOT).pathname;

async function traceglass(args: string[]): Promise<RunResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { TZ: "UTC" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr), code: out.code };
}

// The usage text names the program ("Usage of 'go tool trace':" / "Usage of traceglass
// (...):"); its shape is what must match.
const normalize = (line: string) => line.replace(/^Usage of .*:$/, "Usage of <program>:");

/** Runs both with `args`; asserts equal exit status and first stderr line, returns both. */
async function assertLikeGo(args: string[]): Promise<{ ours: RunResult; go: RunResult }> {
  const [ours, go] = await Promise.all([traceglass(args), goToolTrace(args)]);
  const what = `arguments ${JSON.stringify(args)}`;
  assert.equal(ours.code, go.code, `${what}: exit status (Go stderr: ${firstLine(go.stderr)})`);
  assert.equal(normalize(firstLine(ours.stderr)), normalize(firstLine(go.stderr)), what);
  return { ours, go };
}

/** Runs `fn` with a temporary directory that is removed afterwards. */
async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-cli-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("an unknown -d mode is rejected with Go's message and status 1", async () => {
  const { ours } = await assertLikeGo(["-d=bogus", TRACE]);
  assert.equal(ours.code, 1);
  assert.match(ours.stderr, /^invalid debug mode bogus, want one of: parsed, wire, footprint/);
});

Deno.test("a missing trace file fails like Go, with or without -d", async () => {
  const missing = new URL("testdata/no-such.trace", REPO_ROOT).pathname;
  for (const args of [["-d=parsed", missing], [missing]]) {
    const { ours } = await assertLikeGo(args);
    assert.equal(ours.code, 1);
    assert.match(ours.stderr, /^failed to read trace file: open .*: no such file or directory/);
  }
});

Deno.test("no arguments print the usage and exit 2", async () => {
  const { ours } = await assertLikeGo([]);
  assert.equal(ours.code, 2);
  assert.match(ours.stderr, /^Usage of /);
});

Deno.test("more than two arguments print the usage and exit 2", async () => {
  const { ours } = await assertLikeGo(["-d=parsed", "pkg.test", TRACE, "extra"]);
  assert.equal(ours.code, 2);
});

Deno.test("an unknown flag is named, then the usage, exit 2", async () => {
  const { ours } = await assertLikeGo(["-bogus", TRACE]);
  assert.equal(ours.code, 2);
  assert.match(ours.stderr, /^flag provided but not defined: -bogus\nUsage of /);
});

Deno.test("-d without its value fails like Go's flag package", async () => {
  const { ours } = await assertLikeGo(["-d"]);
  assert.equal(ours.code, 2);
  assert.match(ours.stderr, /^flag needs an argument: -d/);
});

Deno.test("-h prints the usage and exits like Go", async () => {
  const { ours } = await assertLikeGo(["-h"]);
  assert.match(ours.stderr, /^Usage of /);
});

Deno.test("--d=parsed and -d parsed work like -d=parsed", async () => {
  const reference = await traceglass(["-d=parsed", TRACE]);
  assert.equal(reference.code, 0);
  assert.ok(reference.stdout.length > 0);
  for (const args of [["--d=parsed", TRACE], ["-d", "parsed", TRACE]]) {
    const { ours, go } = await assertLikeGo(args);
    assert.equal(ours.code, 0);
    assert.deepEqual(ours.stdout, go.stdout, `${args.join(" ")}: stdout`);
    assert.deepEqual(ours.stdout, reference.stdout);
  }
});

Deno.test("a program binary before the trace is accepted and ignored", async () => {
  const { ours, go } = await assertLikeGo(["-d=parsed", "pkg.test", TRACE]);
  assert.equal(ours.code, 0);
  assert.deepEqual(ours.stdout, go.stdout);
});

Deno.test("a file that is not a trace fails with Go's message", () =>
  withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/hello.txt`, "hello, world\n");
    const { ours } = await assertLikeGo(["-d=parsed", `${dir}/hello.txt`]);
    assert.equal(ours.code, 1);
    assert.match(ours.stderr, /^bad file format: not a Go execution trace\?/);
  }));

Deno.test("a directory in place of the trace fails like Go", () =>
  withTempDir(async (dir) => {
    const { ours } = await assertLikeGo(["-d=parsed", dir]);
    assert.equal(ours.code, 1);
  }));

Deno.test("an unknown version in the header fails with Go's message", () =>
  withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/v24.trace`, "go 1.24 trace\0\0\0\x01");
    const { ours } = await assertLikeGo(["-d=parsed", `${dir}/v24.trace`]);
    assert.equal(ours.code, 1);
    assert.match(ours.stderr, /^unknown or unsupported trace version go 1\.24/);
  }));
