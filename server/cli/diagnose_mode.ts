// -diagnose: the findings of /diagnosis, as text on stdout.

import { InputError, openInput } from "./open.ts";
import { decodeWorker, PASS_CACHE_BYTES } from "./load.ts";
import { goOpenError } from "./io.ts";
import { errorText } from "./debug_mode.ts";
import { openTrace } from "../core/trace/trace.ts";
import { diagnose, gatherFacts } from "../core/diagnosis/diagnosis.ts";
import { diagnosisText } from "../core/diagnosis/text.ts";

/** Runs -diagnose on a trace file; returns the exit status. */
export async function runDiagnose(traceFile: string, range = ""): Promise<number> {
  let input;
  try {
    input = await openInput(traceFile, range);
  } catch (e) {
    console.error(
      e instanceof InputError
        ? e.message
        : `failed to read trace file: ${goOpenError(traceFile, e)}`,
    );
    return 1;
  }
  try {
    if (input.note) console.error(input.note);
    // One pass in the trace's order: a small block cache is enough (see PASS_CACHE_BYTES).
    const trace = await openTrace(input.src, {
      parallel: decodeWorker,
      cacheBytes: PASS_CACHE_BYTES,
    });
    const text = diagnosisText(diagnose(await gatherFacts(trace)));
    await Deno.stdout.write(new TextEncoder().encode(text));
    return 0;
  } catch (e) {
    console.error(`failed to diagnose the trace: ${errorText(e)}`);
    return 1;
  } finally {
    input[Symbol.dispose]();
  }
}
