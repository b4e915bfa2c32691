// The traces of the scale bench: the bench generator (scripts/bench_trace) run to about
// N MiB for each size, and a trace of a different program, the HTTP JSON service
// (scripts/bench_service). Made under tmp/bench/ and reused unless regenerated.

import { run } from "./children.ts";

/** A trace to measure. */
export interface ScaleTrace {
  /** Short column name, e.g. "bench 100 MB". */
  name: string;
  /** Which program wrote it; slopes are fitted per program. */
  program: "bench" | "service" | "given";
  path: string;
  bytes: number;
}

const root = new URL("../../../", import.meta.url).pathname;
export const benchDir = `${root}tmp/bench`;

// Generating 1.5 GB takes minutes; an hour is the limit of any generation.
const GEN_LIMITS = { timeoutMs: 3600_000 };

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function described(
  name: string,
  program: ScaleTrace["program"],
  path: string,
): Promise<ScaleTrace> {
  return { name, program, path, bytes: (await Deno.stat(path)).size };
}

function check(what: string, r: { ok: boolean; stderr: string; stopped?: string }) {
  if (!r.ok) {
    throw new Error(`${what} failed${r.stopped ? ` (${r.stopped})` : ""}: ${r.stderr.trim()}`);
  }
}

/** The bench generator's trace of about `mb` MiB: tmp/bench/scale-<mb>.trace. */
export async function benchGeneratorTrace(mb: number, regen: boolean): Promise<ScaleTrace> {
  const path = `${benchDir}/scale-${mb}.trace`;
  if (regen || !await exists(path)) {
    await Deno.mkdir(benchDir, { recursive: true });
    console.error(`generating ${path} (${mb} MiB, bench generator)...`);
    const r = await run([`${root}scripts/gen_bench_trace.sh`, path], {
      env: { SIZE_MB: String(mb) },
      limits: GEN_LIMITS,
      echo: true,
    });
    check(`scripts/gen_bench_trace.sh ${path}`, r);
  }
  return described(`bench ${mb} MB`, "bench", path);
}

/** The HTTP service's trace of about `mb` MiB: tmp/bench/scale-service-<mb>.trace. */
export async function serviceTrace(mb: number, regen: boolean): Promise<ScaleTrace> {
  const path = `${benchDir}/scale-service-${mb}.trace`;
  if (regen || !await exists(path)) {
    await Deno.mkdir(benchDir, { recursive: true });
    const bin = `${benchDir}/bench_service`;
    const built = await run(["go", "build", "-o", bin, "."], {
      cwd: `${root}scripts/bench_service`,
      env: { GOFLAGS: "-buildvcs=false" },
      limits: { timeoutMs: 600_000 },
    });
    check("go build scripts/bench_service", built);
    console.error(`generating ${path} (${mb} MiB, HTTP service)...`);
    const r = await run([bin, "-size-mb", String(mb), path], { limits: GEN_LIMITS, echo: true });
    check(`bench_service ${path}`, r);
  }
  return described(`service ${mb} MB`, "service", path);
}

/**
 * A trace named on the command line, measured as it is: `PATH`, or `bench:PATH` and
 * `service:PATH` to say which program wrote it (its points then join that program's fit).
 */
export async function givenTrace(arg: string): Promise<ScaleTrace> {
  const m = /^(bench|service):(.*)$/.exec(arg);
  const program = (m?.[1] ?? "given") as ScaleTrace["program"];
  const path = m ? m[2] : arg;
  const t = await described("", program, path);
  const label = m ? program : path.split("/").pop()!.replace(/\.trace$/, "");
  return { ...t, name: `${label} ${Math.round(t.bytes / 1e6)} MB` };
}
