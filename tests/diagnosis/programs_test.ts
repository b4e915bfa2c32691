// The known-answer programs (testdata/programs/diagnose/) run again under the local Go
// (the newest, in CI): each fresh trace must show the same answers as the committed
// ones (known_answers.ts), so a change in the runtime's events shows up here.

import { parseTrace } from "../../server/core/trace/trace.ts";
import { diagnose, gatherFacts, taskCriticalPath } from "../../server/core/diagnosis/diagnosis.ts";
import { checkCritpathChain, checkDiagnosis, measuredSleeps, PROGRAMS } from "./known_answers.ts";
import { REPO_ROOT } from "../support/paths.ts";

async function run(cmd: string, args: string[], cwd: string | URL): Promise<void> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: { GOFLAGS: "-buildvcs=false", GOTOOLCHAIN: "local" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
}

Deno.test("the diagnose/ programs, run now under the local Go, provoke their findings and the known critical path", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "traceglass-diagnose-" });
  try {
    const programs = new URL("testdata/programs/", REPO_ROOT);
    for (const program of PROGRAMS) {
      await t.step(program, async () => {
        const bin = `${dir}/${program}`, out = `${dir}/${program}.trace`;
        await run("go", ["build", "-o", bin, `./diagnose/${program}`], programs);
        // The programs' answers rest on timing (sleeps, the runtime taking a P from a
        // syscall after 10 ms); a heavily loaded machine can spoil one run, so a failed
        // run is tried once more, and the second must pass.
        for (let attempt = 1;; attempt++) {
          await run(bin, [out], dir);
          const bytes = await Deno.readFile(out);
          const trace = await parseTrace(bytes);
          const facts = await gatherFacts(trace);
          try {
            checkDiagnosis(program, diagnose(facts));
            if (program === "critpath") {
              checkCritpathChain(
                await taskCriticalPath(trace, facts, 1),
                await measuredSleeps(bytes),
              );
            }
            return;
          } catch (e) {
            if (attempt >= 2) throw e;
            console.error(`${program}: run ${attempt} failed, running it again: ${e}`);
          }
        }
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
