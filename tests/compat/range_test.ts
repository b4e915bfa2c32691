// -range=START:END opens only some generations of a Go 1.22+ trace: those generations
// after the header are a trace of their own (as a flight-recorder snapshot is), and Go
// reads that file as we read the range. Bad ranges and over-big v1 traces get clear
// errors before any work.

import assert from "node:assert/strict";
import { bytesSource } from "../../server/core/trace/source.ts";
import { Decoder } from "../../server/core/trace/decoder.ts";
import { readTraceHeader } from "../../server/core/trace/header.ts";
import { scanGenerations } from "../../server/core/trace/generations.ts";
import { parseRange, selectGenerations } from "../../server/core/trace/range.ts";
import { goToolTrace } from "../support/go_oracle.ts";
import { committedTraces, vectorTraces } from "../support/trace_corpus.ts";
import { MAIN } from "../support/servers.ts";

Deno.test("-range values: times, generation numbers, open ends, and clear errors", () => {
  assert.deepEqual(parseRange("2s:5s"), { unit: "time", start: 2e9, end: 5e9, text: "2s:5s" });
  assert.deepEqual(parseRange(":10ms"), {
    unit: "time",
    start: undefined,
    end: 1e7,
    text: ":10ms",
  });
  assert.deepEqual(parseRange("3:7"), { unit: "gen", start: 3, end: 7, text: "3:7" });
  assert.deepEqual(parseRange("4:"), { unit: "gen", start: 4, end: undefined, text: "4:" });
  for (const bad of ["", "5s", ":", "0:3", "7:3", "5s:2s", "abc:1s", "1:2:3"]) {
    const r = parseRange(bad);
    assert.equal(typeof r, "string", bad);
    assert.match(r as string, /^invalid -range=/, bad);
  }
});

Deno.test("the generation scan finds the generations the decoder reads", async () => {
  let n = 0;
  for (const c of [...committedTraces(), ...vectorTraces()]) {
    const h = readTraceHeader(c.bytes);
    if ("message" in h || h.version < 22) continue;
    const src = bytesSource(c.bytes);
    const spans = await scanGenerations(src, h.end, h.version);
    const dec = await Decoder.create(src);
    const blocks: [number, number][] = [];
    const pass = await dec.firstPass((_, info) => {
      blocks.push([info.fileStart, info.fileEnd]);
    });
    if (pass.error) continue; // the scan stops quietly where the decoder fails
    // Every block but the last (the end of the trace) is one generation.
    assert.deepEqual(
      spans.map((s) => [s.fileStart, s.fileEnd]),
      blocks.slice(0, -1),
      c.name,
    );
    n++;
  }
  assert.ok(n >= 60, `only ${n} traces`);
});

Deno.test("selecting generations by time keeps those that overlap the range", () => {
  const span = (k: number) => ({
    gen: k + 1,
    fileStart: k * 100,
    fileEnd: (k + 1) * 100,
    minTicks: k * 1000,
    maxTicks: k * 1000 + 900,
    ticksPerSecond: 1000, // a generation a second
  });
  const spans = [0, 1, 2, 3].map(span);
  const sel = (s: string) => selectGenerations(spans, parseRange(s) as never);
  assert.deepEqual(sel("1500ms:2500ms"), { from: 1, to: 3 });
  assert.deepEqual(sel(":500ms"), { from: 0, to: 1 });
  assert.deepEqual(sel("3s:"), { from: 3, to: 4 });
  assert.deepEqual(sel("2:3"), { from: 1, to: 3 });
  assert.match(
    sel("10s:") as string,
    /selects nothing: the trace's 4 generations span 0s to 3\.900s/,
  );
  assert.match(sel("5:") as string, /selects nothing: the trace has 4 generations/);
});

async function traceglass(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("-range prints what go tool trace prints for those generations cut out as a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Traces of five generations with state across the boundaries, in the Go 1.22
    // (spilled batches) and 1.26 (end-of-generation markers) framings.
    for (const name of ["go1.22/generations.trace", "go1.26/generations.trace"]) {
      const c = committedTraces().find((c) => c.name.endsWith(name))!;
      const h = readTraceHeader(c.bytes) as { end: number; version: number };
      const spans = await scanGenerations(bytesSource(c.bytes), h.end, h.version);
      assert.ok(spans.length >= 4, `${name}: ${spans.length} generations`);
      const full = `${dir}/full.trace`;
      await Deno.writeFile(full, c.bytes);
      const cases: [string, number, number][] = [["2:3", 1, 3], ["4:", 3, spans.length], [
        ":1",
        0,
        1,
      ]];
      for (const [range, from, to] of cases) {
        const cut = new Uint8Array([
          ...c.bytes.subarray(0, h.end),
          ...c.bytes.subarray(spans[from].fileStart, spans[to - 1].fileEnd),
        ]);
        await Deno.writeFile(`${dir}/cut.trace`, cut);
        for (const mode of ["parsed", "wire", "footprint"]) {
          const go = await goToolTrace([`-d=${mode}`, `${dir}/cut.trace`]);
          const ours = await traceglass([`-range=${range}`, `-d=${mode}`, full]);
          const what = `${name} -range=${range} -d=${mode}`;
          assert.equal(ours.code, go.code, `${what}: ${ours.stderr}`);
          assert.ok(
            new TextDecoder().decode(ours.stdout) === new TextDecoder().decode(go.stdout),
            `${what}: output differs from Go's`,
          );
          assert.match(
            ours.stderr,
            new RegExp(`^Opening generations ${from + 1}–${to} of ${spans.length} `),
          );
        }
      }
      // A time range picks the generations it overlaps.
      const ours = await traceglass(["-range=1500ms:2500ms", "-d=footprint", full]);
      assert.match(ours.stderr, /^Opening generations [23]–[34] of /, ours.stderr);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bad -range or a v1 trace too big to read whole fails before any work", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const c = committedTraces().find((c) => c.name.endsWith("go1.26/gc.trace"))!;
    await Deno.writeFile(`${dir}/t.trace`, c.bytes);
    const bad = await traceglass(["-range=5s:2s", "-d=parsed", `${dir}/t.trace`]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, "invalid -range=5s:2s: the end comes before the start\n");
    const none = await traceglass(["-range=9:", "-pprof=sched", `${dir}/t.trace`]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^-range=9: selects nothing: the trace has 1 generations/);
    // A v1 header on a 161 MiB file (sparse: nothing is written but the header).
    const big = `${dir}/big.trace`;
    await Deno.writeFile(big, new TextEncoder().encode("go 1.21 trace\0\0\0"));
    await Deno.truncate(big, 161 << 20);
    for (const args of [["-d=parsed"], ["-pprof=sched"], ["-http=127.0.0.1:0"]]) {
      const r = await traceglass([...args, big]);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(
        r.stderr,
        /big\.trace is a Go 1\.21 trace of 161\.0 MiB: traces of Go 1\.21 and older are not in generations and are read whole, which fits up to 160\.0 MiB\. Record it again with Go 1\.22 or newer/,
        args.join(" "),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
