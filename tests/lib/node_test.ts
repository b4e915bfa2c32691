// The build:lib bundle outside Deno and through a bundler: Node 20 imports it and reads
// a committed trace (events, goroutines, a profile, -d=parsed as Go prints it); a
// program that imports it, bundled again (deno bundle, esbuild inside), runs the same.

import assert from "node:assert/strict";
import { buildLib } from "../../scripts/build_lib.ts";
import { goToolTrace } from "../support/go_oracle.ts";
import { tracePath } from "../support/web_app.ts";

const REL = "testdata/traces/go1.25/cpuprofile.trace";

// Prints what the library read, as JSON; the trace's path is the first argument.
const PROGRAM = `import { readFile } from "node:fs/promises";
import { openTrace } from "./traceglass.js";
const t = await openTrace(await readFile(process.argv[2]));
let events = 0;
for await (const e of t.events()) events++;
const cpu = await t.profile("cpu");
const parsed = await t.debug("parsed");
console.log(JSON.stringify({
  version: t.goVersion,
  events,
  goroutines: (await t.goroutines()).length,
  cpuProfileBytes: cpu.length,
  parsed,
}));
`;

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: { TZ: "UTC" },
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const err = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${cmd} ${args.join(" ")}: ${err}`);
  return new TextDecoder().decode(out.stdout);
}

async function check(json: string, version: string): Promise<void> {
  const got = JSON.parse(json);
  const go = await goToolTrace(["-d=parsed", tracePath(REL)]);
  const text = new TextDecoder().decode(go.stdout);
  assert.equal(got.version, version);
  assert.equal(got.events, text.split("\n").filter((l) => l.startsWith("M=")).length);
  assert.ok(got.goroutines > 0);
  assert.ok(got.cpuProfileBytes > 100, "a CPU profile with samples");
  assert.equal(got.parsed, text, "-d=parsed text");
}

Deno.test("Node 20 imports the build:lib bundle and reads a trace as Go does", async () => {
  const version = await run("node", ["--version"], ".");
  assert.match(version, /^v(2\d|[3-9]\d)\./, "Node 20 or newer");
  const dir = await Deno.makeTempDir({ prefix: "traceglass-node-" });
  try {
    await buildLib(dir);
    await Deno.writeTextFile(`${dir}/program.mjs`, PROGRAM);
    await check(await run("node", ["program.mjs", tracePath(REL)], dir), "1.25");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bundler takes the build:lib bundle in: the bundled program runs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-bundler-" });
  try {
    await buildLib(dir);
    await Deno.writeTextFile(`${dir}/program.mjs`, PROGRAM);
    await run(
      Deno.execPath(),
      ["bundle", "--quiet", "--no-config", "-o", "app.mjs", "program.mjs"],
      dir,
    );
    const app = await Deno.readTextFile(`${dir}/app.mjs`);
    assert.ok(!app.includes("./traceglass.js"), "the bundler inlined the library");
    await check(await run("node", ["app.mjs", tracePath(REL)], dir), "1.25");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
