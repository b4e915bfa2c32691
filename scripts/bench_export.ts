// The export's bench (README, "Export and SQL"): for each trace, `-export=DIR` as users
// run it (wall time, peak RSS from GNU time, output size), then three of the /sql page's
// example queries timed in DuckDB over the export.
//
//   deno run -A scripts/bench_export.ts TRACE…     (exports go to tmp/bench-export/)

import { DuckDBInstance } from "@duckdb/node-api";
import { EXAMPLE_QUERIES, FILES_VARIABLE } from "../server/core/export/views.ts";

const QUERIES = ["Top blocking stacks", "p99 region latency by type", "Goroutines alive at a time"];
const root = new URL("../", import.meta.url).pathname;
const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

for (const trace of Deno.args) {
  const name = trace.split("/").pop()!.replace(/\.[^.]*$/, "");
  const dir = `${root}tmp/bench-export/${name}`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const t0 = performance.now();
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-v", Deno.execPath(), "run", "-A", `${root}server/main.ts`, `-export=${dir}`, trace],
    stdout: "null",
    stderr: "piped",
  }).output();
  const secs = (performance.now() - t0) / 1000;
  const err = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`export of ${trace} failed:\n${err}`);
  const rss = Number(err.match(/Maximum resident set size \(kbytes\): (\d+)/)?.[1] ?? 0) * 1024;
  let bytes = 0;
  for (const e of Deno.readDirSync(dir)) bytes += Deno.statSync(`${dir}/${e.name}`).size;
  const rows = err.match(/\(rows: ([^)]*)\)/)?.[1] ?? "";
  console.log(
    `${name}: trace ${mib(Deno.statSync(trace).size)}; export ${secs.toFixed(1)} s, ` +
      `peak RSS ${mib(rss)}, output ${mib(bytes)}\n  rows: ${rows}`,
  );
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  await conn.run(`SET VARIABLE ${FILES_VARIABLE} = '${dir}'`);
  await conn.run(await Deno.readTextFile(`${dir}/schema.sql`));
  for (const title of QUERIES) {
    const q = EXAMPLE_QUERIES.find((q) => q.title === title)!;
    const s = performance.now();
    const r = await conn.runAndReadAll(q.sql);
    console.log(
      `  ${title}: ${((performance.now() - s) / 1000).toFixed(2)} s, ${r.currentRowCount} rows`,
    );
  }
  conn.closeSync();
  db.closeSync();
}
