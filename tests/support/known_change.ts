// Runs tests/go/knownchange in both versions: the trace-diff tests' input.

import { GoCommand } from "./go_tool.ts";

/** What the program measured on its own clock (ns). */
export interface Measured {
  waitNs: number;
  holdNs: number;
  allocNs: number;
}

/** Traces of both versions of the known-change program (in `dir`), and its measures. */
export async function knownChangeTraces(
  dir: string,
): Promise<{ before: string; after: string; measured: { before: Measured; after: Measured } }> {
  await using prog = await GoCommand.build("knownchange");
  const before = `${dir}/before.trace`, after = `${dir}/after.trace`;
  const measured: Measured[] = [];
  for (const args of [[before], ["-after", after]]) {
    const res = await prog.run(args, new Uint8Array());
    if (res.code !== 0) throw new Error(`knownchange ${args.join(" ")}: ${res.stderr}`);
    measured.push(JSON.parse(new TextDecoder().decode(res.stdout)));
  }
  return { before, after, measured: { before: measured[0], after: measured[1] } };
}
