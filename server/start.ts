// `deno task start [flags] [trace]`: like server/main.ts, but with no trace argument it
// serves the bundled sample trace, so a fresh clone shows something at once.

import { main } from "./main.ts";
import { parseFlags } from "./cli/flags.ts";

const sample = new URL("../testdata/sample.trace", import.meta.url).pathname;
const parsed = parseFlags(Deno.args, { http: "", pprof: "", d: "" });
const args = parsed.ok && parsed.args.length === 0 ? [...Deno.args, sample] : Deno.args;
Deno.exit(await main(args));
