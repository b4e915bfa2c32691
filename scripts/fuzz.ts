// A long seeded fuzzing run of the decoder: the same checks as tests/fuzz/fuzz_test.ts on as
// many mutants as asked for (or for as long as asked). Each failing input is saved under
// tmp/fuzz-failures/ with a note of what broke; the seed and mutant number in its name
// rebuild it.
//
//   deno run -A scripts/fuzz.ts --seed=N --count=M [--minutes=T] [--first=K]
//
// --count defaults to 100000; with --minutes the run also stops after T minutes.
// --first starts at mutant number K (to resume or to replay one: --first=K --count=1).

import { FuzzRunner } from "../tests/support/fuzz_runner.ts";
import { v2FuzzSeeds } from "../tests/support/fuzz_seeds.ts";
import { Mutator } from "../tests/support/mutate.ts";

const OUT_DIR = new URL("../tmp/fuzz-failures/", import.meta.url);

function flag(name: string, fallback?: number): number {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  if (arg === undefined) {
    if (fallback === undefined) throw new Error(`--${name}=N is required`);
    return fallback;
  }
  const v = Number(arg.slice(name.length + 3));
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} wants a whole number`);
  return v;
}

async function main(): Promise<number> {
  const known = ["--seed=", "--count=", "--minutes=", "--first="];
  const unknown = Deno.args.filter((a) => !known.some((k) => a.startsWith(k)));
  if (unknown.length > 0) {
    console.error(`unknown arguments: ${unknown.join(" ")}`);
    console.error(
      "usage: deno run -A scripts/fuzz.ts --seed=N --count=M [--minutes=T] [--first=K]",
    );
    return 2;
  }
  const seed = flag("seed");
  const count = flag("count", 100_000);
  const first = flag("first", 0);
  const deadline = Deno.args.some((a) => a.startsWith("--minutes="))
    ? Date.now() + flag("minutes") * 60_000
    : Infinity;

  const seeds = v2FuzzSeeds();
  const mutator = new Mutator(seed);
  using runner = new FuzzRunner();
  let run = 0, failed = 0, slowest = 0;
  const started = Date.now();
  for (let n = first; n < first + count && Date.now() < deadline; n++) {
    const mutant = mutator.mutant(seeds[n % seeds.length], n);
    const outcome = await runner.run(mutant.bytes);
    run++;
    slowest = Math.max(slowest, outcome.ms);
    if (outcome.problems.length > 0) {
      failed++;
      await Deno.mkdir(OUT_DIR, { recursive: true });
      const base = new URL(`seed${seed}-${n}`, OUT_DIR);
      await Deno.writeFile(new URL(`${base.href}.trace`), mutant.bytes);
      await Deno.writeTextFile(
        new URL(`${base.href}.txt`),
        `${mutant.name}\n${outcome.problems.join("\n")}\n`,
      );
      console.log(`FAIL ${mutant.name}\n  ${outcome.problems.join("\n  ")}`);
    }
    if (run % 5000 === 0) {
      console.log(`${run} run, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  console.log(
    `fuzz seed ${seed}: ${run} inputs run (mutants ${first}..${
      first + run - 1
    }), ${failed} failed, ` +
      `slowest ${slowest.toFixed(0)} ms, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (failed > 0) console.log(`failing inputs saved in ${OUT_DIR.pathname}`);
  return failed > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main());
