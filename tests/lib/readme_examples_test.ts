/// <reference lib="dom" />
// The README's library examples run as written: the Deno one from a clone, the page's
// <script type="module"> in Chromium with a file picked, the Node 20 one beside the
// build:lib bundle. Their output is checked against Go's reading of the same trace.

import assert from "node:assert/strict";
import { buildLib } from "../../scripts/build_lib.ts";
import { launchChromium } from "../support/browser.ts";
import { goToolTrace } from "../support/go_oracle.ts";
import { profileContent } from "../support/pprof_samples.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { tracePath } from "../support/web_app.ts";
import { type ParsedEvent, parseEvents } from "../support/parsed_events.ts";
import { unquoteGo } from "../support/goport/go_string.ts";

const readme = await Deno.readTextFile(new URL("README.md", REPO_ROOT));

/** The fenced block after `<!-- example: NAME -->`. */
function example(name: string): string {
  const m = new RegExp(`<!-- example: ${name} -->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!m) throw new Error(`README has no example ${name}`);
  return m[1];
}

async function goParsedText(rel: string): Promise<string> {
  const r = await goToolTrace(["-d=parsed", tracePath(rel)]);
  assert.equal(r.code, 0, r.stderr);
  return new TextDecoder().decode(r.stdout);
}

async function goEvents(rel: string): Promise<string[]> {
  return (await goParsedText(rel)).split("\n").filter((l) => l.startsWith("M="));
}

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

Deno.test("the README's Deno example runs from a clone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-readme-" });
  try {
    // As if in a clone: mod.ts is the repository's, the sample trace beside it.
    const code = example("deno").replace(
      `"./mod.ts"`,
      JSON.stringify(new URL("mod.ts", REPO_ROOT).href),
    );
    await Deno.writeTextFile(`${dir}/example.ts`, code);
    await Deno.mkdir(`${dir}/testdata`);
    await Deno.copyFile(tracePath("testdata/sample.trace"), `${dir}/testdata/sample.trace`);
    const config = new URL("deno.json", REPO_ROOT).pathname;
    const out = await run(Deno.execPath(), ["run", "-A", "--config", config, "example.ts"], dir);
    const events = (await goEvents("testdata/sample.trace")).length;
    assert.match(out, new RegExp(`^Go 1\\.\\d+: ${events} events in `));
    assert.match(out, /\nG\d+ main\.\S+: ran \d+ ns/);
    const pprof = await Deno.readFile(`${dir}/sched.pprof`);
    const go = await goToolTrace(["-pprof=sched", tracePath("testdata/sample.trace")]);
    assert.deepEqual(await profileContent(pprof), await profileContent(go.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the README's Node 20 example runs beside the build:lib bundle", async () => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-readme-node-" });
  try {
    await buildLib(dir);
    await Deno.writeTextFile(`${dir}/logs.mjs`, example("node"));
    const rel = "testdata/traces/go1.26/annotations.trace";
    const out = await run("node", ["logs.mjs", tracePath(rel)], dir);
    // What the example prints, from Go's reading: time since the first event, goroutine,
    // category, message.
    const events = parseEvents(await goParsedText(rel));
    const q = (e: ParsedEvent, k: string) =>
      new TextDecoder().decode(
        unquoteGo(new RegExp(` ${k}=("(?:[^"\\\\]|\\\\.)*")`).exec(e.rest)![1]),
      );
    const want = events.filter((e) => e.kind === "Log").map((e) =>
      `${e.time - events[0].time} ${e.g} ${q(e, "Category")} ${q(e, "Message")}\n`
    ).join("");
    assert.ok(want.length > 0);
    assert.equal(out, want);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the README's page example reads a picked file in Chromium", async () => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-readme-page-" });
  const lib = await buildLib(dir);
  const js = await Deno.readFile(lib.js);
  const page = `<!doctype html><meta charset="utf-8">\n${example("browser")}`;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const p = new URL(req.url).pathname;
    if (p === "/") return new Response(page, { headers: { "Content-Type": "text/html" } });
    if (p === "/traceglass.js") {
      return new Response(js, { headers: { "Content-Type": "text/javascript" } });
    }
    return new Response("not found", { status: 404 });
  });
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (e) => errors.push(e.message));
    await tab.goto(`http://127.0.0.1:${server.addr.port}/`);
    const rel = "testdata/traces/go1.26/annotations.trace";
    await tab.setInputFiles("#file", tracePath(rel));
    await tab.waitForFunction(() => document.getElementById("out")!.textContent !== "");
    const text = await tab.locator("#out").innerText();
    const events = (await goEvents(rel)).length;
    const tasks = new Set(
      (await goEvents(rel)).filter((l) => / TaskBegin | TaskEnd /.test(l))
        .map((l) => / ID=(\d+)/.exec(l)![1]),
    );
    assert.match(text, new RegExp(`^${events} events, \\d+ goroutines, ${tasks.size} tasks$`));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
