// The blocking profiles against `go tool trace` (Go 1.26):
// - `-pprof=TYPE` for every committed trace (and damaged ones) and all four types: same
//   exit status and error text, and the same samples (stack → count, delay) exactly;
//   `go tool pprof -top` reads our file and prints what it prints for Go's;
// - the profiles of one goroutine group (/io?name=…&raw=1 …) and of regions
//   (/regionio?type=…&pc=…&latmin=…&latmax=…&raw=1 …) from Go's web server.

import assert from "node:assert/strict";
import { goOracleEnv, goToolTrace, startGoTraceServer } from "../support/go_oracle.ts";
import { committedTraces, type TraceCase, vectorTraces } from "../support/trace_corpus.ts";
import {
  describeProfileDifference,
  type ProfileContent,
  profileContent,
} from "../support/pprof_samples.ts";
import { parseTrace, type Trace } from "../../server/core/trace/trace.ts";
import { pprofCommand } from "../../server/cli/pprof_mode.ts";
import { type RegionSummary, summarize, type Summary } from "../../server/core/summary/summary.ts";
import {
  computePprof,
  type GoroutineIntervals,
  goroutineIntervals,
  PPROF_TYPES,
  type PprofType,
  type RegionFilter,
  regionInterval,
  regionIntervals,
  regionStartPC,
} from "../../server/core/profiles/pprof.ts";
import { buildProfile, encodeProfile } from "../../server/core/profiles/pprof_encode.ts";
import { goroutineGroups } from "../../server/core/summary/goroutines.ts";
import { formatDuration } from "../../server/core/util/go_duration.ts";

const CONCURRENCY = 2;

const isUnsupported = (e: unknown) => e instanceof Error && e.message.includes("not supported yet");

/** Our -pprof run, in-process: as `go tool trace` would exit and print. */
async function runOurs(type: string, bytes: Uint8Array) {
  let stdout: Uint8Array = new Uint8Array();
  let stderr = "";
  const code = await pprofCommand(
    type,
    () => parseTrace(bytes),
    (b) => (stdout = b),
    (text) => (stderr += text + "\n"),
  );
  // Our second line says where in the file an error is; Go has no such line.
  stderr = stderr.split("\n").filter((l) => !l.startsWith("traceglass: at byte offset")).join("\n");
  return { code, stdout, stderr };
}

/** Committed traces plus copies cut inside a later generation or the first one. */
function cliCases(): TraceCase[] {
  const cases = committedTraces();
  const service = cases.filter((c) => c.name.endsWith("/service.trace"));
  const cuts = service.flatMap((c) =>
    [0.6, 0.75, 0.9].map((f) => ({
      name: `${c.name} cut at ${Math.floor(c.bytes.length * f)}`,
      bytes: c.bytes.slice(0, Math.floor(c.bytes.length * f)),
    }))
  );
  const header = new TextEncoder().encode("go 1.26 trace\0\0\0");
  return [
    ...cases,
    ...vectorTraces(),
    ...cuts,
    { name: "header only", bytes: header },
    { name: "not a trace", bytes: new TextEncoder().encode("hello, world\n") },
  ];
}

async function goPprofTop(path: string): Promise<{ code: number; out: string }> {
  const out = await new Deno.Command("go", {
    args: ["tool", "pprof", "-top", path],
    env: await goOracleEnv(),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, out: text };
}

Deno.test("-pprof=TYPE writes the samples go tool trace -pprof=TYPE writes, and its errors", async () => {
  const cases = cliCases();
  const dir = await Deno.makeTempDir({ prefix: "traceglass-pprof-" });
  const problems: string[] = [];
  const skipped = new Set<string>();
  let equal = 0, nonEmpty = 0, failedAlike = 0, topRuns = 0;
  try {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i];
        const path = `${dir}/case-${i}.trace`;
        await Deno.writeFile(path, c.bytes);
        try {
          await parseTrace(c.bytes);
        } catch (e) {
          if (isUnsupported(e)) {
            skipped.add(`${c.name}: skipped (${(e as Error).message})`);
            continue;
          }
        }
        // An unknown type on some traces (Go parses first, so bad traces still fail so).
        const withBogus = i % 8 === 0 || !c.name.startsWith("testdata/");
        const types = withBogus ? [...PPROF_TYPES, "bogus"] : PPROF_TYPES;
        for (const [k, type] of types.entries()) {
          const where = `${c.name} -pprof=${type}`;
          const go = await goToolTrace([`-pprof=${type}`, path]);
          const ours = await runOurs(type, c.bytes);
          if (ours.code !== go.code || ours.stderr !== go.stderr) {
            problems.push(
              `${where}: exit ${ours.code} ${JSON.stringify(ours.stderr)}, Go exit ${go.code} ${
                JSON.stringify(go.stderr)
              }`,
            );
            continue;
          }
          if (go.code !== 0) {
            failedAlike++;
            continue;
          }
          const goContent = await profileContent(go.stdout);
          const diff = describeProfileDifference(await profileContent(ours.stdout), goContent);
          if (goContent.samples.length > 0) nonEmpty++;
          if (diff) {
            problems.push(`${where}: ${diff}`);
            continue;
          }
          equal++;
          // `go tool pprof -top` on our file and on Go's: every 3rd trace, types in turn.
          if (i % 3 === 0 && k === (i / 3) % PPROF_TYPES.length) {
            await Deno.writeFile(`${path}.ours.pb.gz`, ours.stdout);
            await Deno.writeFile(`${path}.go.pb.gz`, go.stdout);
            const [a, b] = await Promise.all([
              goPprofTop(`${path}.ours.pb.gz`),
              goPprofTop(`${path}.go.pb.gz`),
            ]);
            if (a.code !== 0 || a.out !== b.out) {
              problems.push(
                `${where}: go tool pprof -top: exit ${a.code}\n${a.out}\nGo's:\n${b.out}`,
              );
            }
            topRuns++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  for (const s of skipped) console.log(s);
  console.log(
    `-pprof: ${equal} profiles equal to Go's (${nonEmpty} with samples), ` +
      `${failedAlike} runs failing as Go's do, ` +
      `${topRuns} read by go tool pprof -top alike; ${problems.length} differences`,
  );
  assert.deepEqual(problems, [], "-pprof differs from go tool trace");
  assert.ok(equal > 0, "no profile was compared");
});

const KINDS: Record<PprofType, string> = {
  net: "io",
  sync: "block",
  syscall: "syscall",
  sched: "sched",
};

async function ourProfile(
  t: Trace,
  type: PprofType,
  intervals: GoroutineIntervals,
): Promise<ProfileContent> {
  return profileContent(
    await encodeProfile(buildProfile(t, await computePprof(t, type, intervals))),
  );
}

/** Region filters worth asking for: each type, all regions, and pc + latency bounds. */
function regionQueries(t: Trace, summary: Summary): { query: string; filter: RegionFilter }[] {
  const regions = summary.goroutines.flatMap((g) => g.regions);
  const types = [...new Set(regions.map((r) => r.name))].sort();
  const out: { query: string; filter: RegionFilter }[] = [{ query: "", filter: {} }];
  const index = new Map<RegionSummary, number>();
  for (let r = 0; r < summary.regionCount; r++) index.set(summary.region(r), r);
  for (const type of types) {
    out.push({ query: `type=${encodeURIComponent(type)}`, filter: { type } });
    const same = regions.filter((r) => r.name === type);
    const stackOf = (r: RegionSummary) => summary.regionStartStack(index.get(r)!);
    const withPC = same.find((r) => regionStartPC(t, stackOf(r)) !== 0n);
    if (!withPC) continue;
    const pc = regionStartPC(t, stackOf(withPC));
    const lat = same.map((r) => regionInterval(t, r)).map(([s, e]) => e - s).sort((a, b) => a - b);
    const min = lat[Math.floor(lat.length / 2)], max = lat[lat.length - 1];
    out.push({
      query: `type=${encodeURIComponent(type)}&pc=${pc.toString(16)}&latmin=${
        encodeURIComponent(formatDuration(min))
      }&latmax=${encodeURIComponent(formatDuration(max))}`,
      filter: { type, pc, latMin: min, latMax: max },
    });
  }
  return out;
}

Deno.test("profiles of a goroutine group and of regions equal go tool trace's /io … /regionsched", async () => {
  const cases = [...committedTraces(), ...vectorTraces()];
  const dir = await Deno.makeTempDir({ prefix: "traceglass-pprof-http-" });
  const problems: string[] = [];
  const skipped: string[] = [];
  let groups = 0, regions = 0, nonEmpty = 0;
  try {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i];
        let t: Trace;
        try {
          t = await parseTrace(c.bytes);
        } catch (e) {
          if (isUnsupported(e)) {
            skipped.push(`${c.name}: skipped (${(e as Error).message})`);
            continue;
          }
          throw e;
        }
        const summary = await summarize(t);
        const path = `${dir}/case-${i}.trace`;
        await Deno.writeFile(path, c.bytes);
        await using go = await startGoTraceServer(path);
        const compare = async (url: string, ours: () => Promise<ProfileContent>) => {
          // The body is binary: fetch it directly rather than as text.
          const res = await fetch(go.url + url);
          const body = new Uint8Array(await res.arrayBuffer());
          if (res.status !== 200) {
            const text = new TextDecoder().decode(body);
            problems.push(`${c.name} ${url}: Go answered ${res.status} ${text}`);
            return;
          }
          const goContent = await profileContent(body);
          const diff = describeProfileDifference(await ours(), goContent);
          if (diff) problems.push(`${c.name} ${url}: ${diff}`);
          if (goContent.samples.length > 0) nonEmpty++;
        };
        // The three largest groups.
        const top = goroutineGroups(summary).sort((a, b) => b.count - a.count).slice(
          0,
          3,
        );
        for (const { name } of top) {
          const iv = goroutineIntervals(t, summary, name);
          if (iv instanceof Error) throw iv;
          for (const type of PPROF_TYPES) {
            await compare(
              `/${KINDS[type]}?name=${encodeURIComponent(name)}&raw=1`,
              () => ourProfile(t, type, iv),
            );
            groups++;
          }
        }
        for (const { query, filter } of regionQueries(t, summary)) {
          const iv = regionIntervals(t, summary, filter);
          for (const type of PPROF_TYPES) {
            await compare(`/region${KINDS[type]}?${query}&raw=1`, () => ourProfile(t, type, iv));
            regions++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  for (const s of skipped) console.log(s);
  console.log(
    `filtered profiles: ${groups} by goroutine group, ${regions} by region filter compared ` +
      `with Go (${nonEmpty} with samples); ` +
      `${problems.length} differences`,
  );
  assert.deepEqual(problems, [], "filtered profiles differ from go tool trace");
  assert.ok(groups > 0 && regions > 0, "nothing was compared");
});

Deno.test("the waits a profile visits add up to each of its records: who waited where", async () => {
  for (const rel of ["go1.26/requests.trace", "go1.26/gc.trace", "go1.21/sched.trace"]) {
    const t = await parseTrace(
      await Deno.readFile(new URL(`../../testdata/traces/${rel}`, import.meta.url)),
    );
    for (const type of PPROF_TYPES) {
      const per = new Map<number, { count: number; time: number; goroutines: Set<number> }>();
      const records = await computePprof(t, type, null, (g, rec, start, end, delay) => {
        assert.ok(end >= start && delay > 0 && delay <= end - start + 1e-9, `${rel} ${type}`);
        let e = per.get(rec);
        if (!e) per.set(rec, e = { count: 0, time: 0, goroutines: new Set() });
        e.count++;
        e.time += delay;
        e.goroutines.add(g);
      });
      // The records are Go's (the tests above); the visitor saw exactly their waits.
      assert.equal(per.size, records.length, `${rel} ${type}`);
      records.forEach((r, k) => {
        assert.equal(per.get(k)!.count, r.count, `${rel} ${type} record ${k}`);
        assert.ok(Math.abs(per.get(k)!.time - r.time) < 1e-6 * Math.max(1, r.time));
      });
    }
  }
});
