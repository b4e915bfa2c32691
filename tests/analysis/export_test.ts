// The Parquet export read back by DuckDB, for every committed trace (Go 1.18–1.26, old and
// new formats): SQL over the exported tables reproduces the numbers of our own pages —
// execution time per goroutine group (/api/goroutines, from the transitions), task counts
// and durations (/api/usertasks, /api/usertask), and blocked delay per stack (the
// -pprof=sync profile) — and a fleet of exports in one folder answers one query. The
// README's schema is the one schema.ts renders.

import assert from "node:assert/strict";
import { Profile } from "pprof-format";
import { committedTraces, type TraceCase } from "../support/trace_corpus.ts";
import { parseTrace } from "../../server/core/trace/trace.ts";
import { summarize } from "../../server/core/summary/summary.ts";
import { createApp } from "../../server/http/app.ts";
import { pprofCommand } from "../../server/cli/pprof_mode.ts";
import { writeExport } from "../../server/cli/export_mode.ts";
import { schemaMarkdown, TABLES } from "../../server/core/export/schema.ts";
import { EXAMPLE_QUERIES } from "../../server/core/export/views.ts";
import { gunzip } from "../support/pprof_samples.ts";
import { type Db, openExport } from "../support/duckdb.ts";
import { REPO_ROOT } from "../support/paths.ts";

const tmp = Deno.makeTempDirSync({ prefix: "traceglass-export-" });
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));

/** Exports a committed trace into tmp/<dir>; returns the folder and the app over it. */
async function exported(c: TraceCase, dir: string) {
  const trace = await parseTrace(c.bytes);
  const summary = await summarize(trace);
  const folder = `${tmp}/${dir}`;
  const result = await writeExport(trace, folder, { file: c.name, summary });
  const app = createApp({ trace, file: c.name, log: () => {} });
  const api = async (path: string) => {
    const res = await app(new Request(`http://traceglass.test${path}`));
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return await res.json();
  };
  return { trace, folder, result, api };
}

// The -pprof=sync profile as stack key → [count, delay]: frames as "pc function file:line",
// trailing PC-0 frames dropped (Go keys profile entries by PCs, zero-padded).
async function syncProfile(bytes: Uint8Array): Promise<Map<string, [number, number]>> {
  let out: Uint8Array | undefined;
  const code = await pprofCommand("sync", () => parseTrace(bytes), (b) => out = b, () => {});
  const samples = new Map<string, [number, number]>();
  if (code !== 0 || !out) return samples;
  const p = Profile.decode(await gunzip(out));
  const str = (i: number | bigint) => p.stringTable.strings[Number(i)];
  const fns = new Map(p.function.map((f) => [Number(f.id), f]));
  const locs = new Map(p.location.map((l) => [Number(l.id), l]));
  for (const s of p.sample) {
    const frames = s.locationId.map((id) => {
      const l = locs.get(Number(id))!;
      const ln = l.line[0];
      const f = ln ? fns.get(Number(ln.functionId))! : undefined;
      return [BigInt(l.address), f ? `${str(f.name)} ${str(f.filename)}:${ln.line}` : ""] as const;
    });
    const key = stackKey(frames);
    const prev = samples.get(key) ?? [0, 0];
    samples.set(key, [prev[0] + Number(s.value[0]), prev[1] + Number(s.value[1])]);
  }
  return samples;
}

function stackKey(frames: readonly (readonly [bigint, string])[]): string {
  let n = frames.length;
  while (n > 0 && frames[n - 1][0] === 0n) n--;
  return frames.slice(0, n).map(([pc, text]) => `0x${pc.toString(16)} ${text}`).join(" ; ");
}

// Blocked delay per stack by SQL: waits for a sync reason, clipped to the goroutine's span
// from its first run to its end (as go tool trace's pprof clips them).
const SYNC_SQL = `
WITH w AS (
  SELECT w.stack_id,
    least(coalesce(g.end_ns, e.end_ns), w.end_ns) - greatest(coalesce(g.start_ns, w.start_ns),
      w.start_ns) AS delay
  FROM waits w
  JOIN goroutines g USING (trace_id, goid)
  JOIN trace_ends e USING (trace_id)
  WHERE w.reason LIKE '%chan%' OR w.reason LIKE '%sync%' OR w.reason LIKE '%select%'
)
SELECT w.stack_id, count(*) AS n, sum(delay) AS delay,
  (SELECT list(pc ORDER BY depth) FROM stack_frames f WHERE f.stack_id = w.stack_id) AS pcs,
  (SELECT list(function || ' ' || file || ':' || line ORDER BY depth) FROM stack_frames f
    WHERE f.stack_id = w.stack_id) AS texts
FROM w WHERE delay > 0 GROUP BY w.stack_id`;

async function sqlSyncProfile(db: Db): Promise<Map<string, [number, number]>> {
  const out = new Map<string, [number, number]>();
  for (const r of await db.rows(SYNC_SQL)) {
    const pcs = (r.pcs as unknown[] | null) ?? [];
    const texts = (r.texts as string[] | null) ?? [];
    const key = stackKey(pcs.map((pc, k) => [BigInt(pc as number), texts[k]] as const));
    const prev = out.get(key) ?? [0, 0];
    out.set(key, [prev[0] + (r.n as number), prev[1] + (r.delay as number)]);
  }
  return out;
}

const sorted = <T>(m: Map<string, T>) => [...m].sort((a, b) => a[0] < b[0] ? -1 : 1);

Deno.test("DuckDB reproduces the goroutine, task and sync-profile numbers from every committed trace's export", async (t) => {
  const cases = committedTraces();
  assert.ok(cases.length > 100, `expected the committed traces, found ${cases.length}`);
  let groups = 0, tasks = 0, stacks = 0;
  for (const c of cases) {
    await t.step(c.name, async () => {
      const { folder, result, api } = await exported(c, c.name.replaceAll("/", "_"));
      for (const spec of TABLES) assert.ok(result.bytes[`${spec.name}.parquet`] > 0, spec.name);
      await using db = await openExport(folder, `${folder}/schema.sql`);

      // Every table reads, with the trace_id of its folder.
      for (const spec of TABLES) {
        const [r] = await db.rows(
          `SELECT count(*) AS n, count(DISTINCT trace_id) AS ids, min(trace_id) AS id ` +
            `FROM ${spec.name}`,
        );
        assert.equal(r.n, result.rows[spec.name], `${spec.name} rows`);
        if (r.n as number > 0) assert.deepEqual([r.ids, r.id], [1, folder.split("/").pop()]);
      }

      // Execution time per goroutine group, from the transitions alone.
      const ours = (await api("/api/goroutines")).groups as {
        name: string;
        n: number;
        execTime: number;
      }[];
      const sql = await db.rows(`
        SELECT g.name, count(*) AS n, (SELECT coalesce(sum(s.duration_ns), 0)
          FROM goroutine_stays s WHERE s.name = g.name AND s.state = 'Running') AS exec
        FROM goroutines g GROUP BY g.name`);
      const bySql = new Map(sql.map((r) => [r.name as string, [r.n, r.exec]]));
      assert.deepEqual(
        new Map(ours.map((g) => [g.name, [g.n, g.execTime]])),
        bySql,
        "goroutine groups: count and execution time",
      );
      groups += ours.length;

      // Task counts per type, and each task's duration.
      const types = (await api("/api/usertasks")).types as { type: string; count: number }[];
      const counts = await db.rows(`SELECT type, count(*) AS n FROM tasks GROUP BY type`);
      assert.deepEqual(
        new Map(types.map((s) => [s.type, s.count])),
        new Map(counts.map((r) => [r.type as string, r.n as number])),
        "task counts per type",
      );
      for (const s of types) {
        const list = (await api(
          `/api/usertask?type=${encodeURIComponent(s.type)}&limit=0`,
        )).tasks as { id: number; duration: number; complete: boolean }[];
        const rows = await db.rows(
          `SELECT task_id, duration_ns FROM tasks WHERE type = $1`,
          [s.type],
        );
        const pageDurations = new Map(list.map((x) => [x.id, x.complete ? x.duration : null]));
        const sqlDurations = new Map(rows.map((r) => [r.task_id, r.duration_ns ?? null]));
        assert.deepEqual(
          sorted(sqlDurations as Map<never, number>),
          sorted(pageDurations as Map<never, number>),
          `tasks of type ${s.type}`,
        );
        tasks += list.length;
      }

      // Blocked delay per stack: the -pprof=sync profile.
      const profile = await syncProfile(c.bytes);
      const bySqlStack = await sqlSyncProfile(db);
      assert.deepEqual(sorted(bySqlStack), sorted(profile), "sync profile by stack");
      stacks += profile.size;
    });
  }
  // The corpus exercises every comparison.
  assert.ok(groups > 500 && tasks > 50 && stacks > 100, `${groups} ${tasks} ${stacks}`);
});

Deno.test("a fleet of exports in one folder answers one query across them", async () => {
  const names = [
    "testdata/traces/go1.18/annotations.trace",
    "testdata/traces/go1.22/annotations.trace",
    "testdata/traces/go1.26/annotations.trace",
    "testdata/traces/go1.25/service.trace",
  ];
  const cases = committedTraces().filter((c) => names.includes(c.name));
  assert.equal(cases.length, names.length);
  const single = new Map<string, Record<string, unknown>[]>();
  const perTrace = `SELECT type, count(*) AS regions, sum(duration_ns) AS ns FROM regions
    GROUP BY type ORDER BY type`;
  for (const c of cases) {
    const id = c.name.split("/").slice(-2).join("-").replace(".trace", "");
    const { folder } = await exported(c, `fleet/${id}`);
    await using db = await openExport(folder, `${folder}/schema.sql`);
    single.set(id, await db.rows(perTrace));
  }
  // One query over every trace: the per-trace answers, side by side.
  await using fleet = await openExport(
    `${tmp}/fleet/*`,
    `${tmp}/fleet/go1.26-annotations/schema.sql`,
  );
  const rows = await fleet.rows(`SELECT trace_id, type, count(*) AS regions,
    sum(duration_ns) AS ns FROM regions GROUP BY trace_id, type ORDER BY trace_id, type`);
  const ids = new Set(rows.map((r) => r.trace_id));
  assert.equal(ids.size, cases.length, "every trace answers");
  for (const [id, want] of single) {
    const got = rows.filter((r) => r.trace_id === id).map(({ trace_id: _, ...r }) => r);
    assert.deepEqual(got, want, id);
  }
  const [traces] = await fleet.rows(
    `SELECT count(*) AS n, count(DISTINCT go_version) AS versions FROM traces`,
  );
  assert.deepEqual(traces, { n: 4, versions: 4 });
  // The example queries of /sql run across the fleet too.
  for (const q of EXAMPLE_QUERIES) await fleet.rows(q.sql);
});

Deno.test("the README's export schema is the one schema.ts renders", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", REPO_ROOT));
  assert.ok(readme.includes(schemaMarkdown()), "README lacks the current schemaMarkdown()");
});

Deno.test("-export=DIR on the command line writes every table and schema.sql; a bad trace fails", async () => {
  const main = new URL("server/main.ts", REPO_ROOT).pathname;
  const trace = new URL("testdata/traces/go1.26/annotations.trace", REPO_ROOT).pathname;
  const run = (...args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", main, ...args],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
  const dir = `${tmp}/cli/annotations-26`;
  const ok = await run(`-export=${dir}`, trace);
  const err = new TextDecoder().decode(ok.stderr);
  assert.equal(ok.code, 0, err);
  // One Parquet file per table, and schema.sql.
  const fileCount = TABLES.length + 1;
  assert.match(
    err,
    new RegExp(`wrote ${fileCount} files, .* to .*annotations-26 in [\\d.]+ s \\(rows: traces 1, `),
  );
  const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.deepEqual(files, [...TABLES.map((t) => `${t.name}.parquet`), "schema.sql"].sort());
  await using db = await openExport(dir, `${dir}/schema.sql`);
  assert.deepEqual(await db.rows("SELECT trace_id, go_version FROM traces"), [
    { trace_id: "annotations-26", go_version: "1.26" },
  ]);

  const missing = await run(`-export=${tmp}/cli/none`, `${tmp}/no-such.trace`);
  assert.equal(missing.code, 1);
  assert.match(
    new TextDecoder().decode(missing.stderr),
    /failed to read trace file: .*no-such\.trace/,
  );
  const notTrace = `${tmp}/not-a.trace`;
  await Deno.writeTextFile(notTrace, "hello, this is not a trace");
  const bad = await run(`-export=${tmp}/cli/bad`, notTrace);
  assert.equal(bad.code, 1);
  assert.match(new TextDecoder().decode(bad.stderr), /failed to create trace reader/);
});
