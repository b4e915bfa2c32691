// `deno task start [flags] [trace]`: like server/main.ts, but with no trace argument it
// serves the bundled sample trace, so a fresh clone shows something at once. A leading
// "--" (npm's habit: `deno task start -- -http=:6060`) is dropped: deno passes it on.
// deno task runs in the repository's folder; a relative trace path means the folder the
// command was typed in (INIT_CWD).

import { BOOL_FLAGS, FLAGS, main } from "./main.ts";
import { parseFlags } from "./cli/flags.ts";

const typedIn = Deno.env.get("INIT_CWD");
if (typedIn) Deno.chdir(typedIn);
const sample = new URL("../testdata/sample.trace", import.meta.url).pathname;
const given = Deno.args[0] === "--" ? Deno.args.slice(1) : Deno.args;
const parsed = parseFlags(given, FLAGS, BOOL_FLAGS);
const args = parsed.ok && parsed.args.length === 0 ? [...given, sample] : given;
Deno.exit(await main(args));
