// `go tool pprof -top` (Go 1.26) on a profile file, and its table read back: the total
// and each function's flat and cum values, so a test can check what pprof itself makes of
// a profile traceglass wrote.

import { goOracleEnv } from "./go_oracle.ts";

export interface PprofTop {
  /** The "N total" of "Showing nodes accounting for …, X% of N total". */
  total: string;
  /** Per function: flat and cum as pprof prints them ("250ms", "25", "-1.20s"). */
  rows: Map<string, { flat: string; cum: string }>;
  text: string;
}

/** Runs `go tool pprof -top -nodefraction=0 [args] path`; throws when pprof fails. */
export async function goPprofTop(path: string, args: string[] = []): Promise<PprofTop> {
  const out = await new Deno.Command("go", {
    args: ["tool", "pprof", "-top", "-nodefraction=0", ...args, path],
    env: await goOracleEnv(),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (out.code !== 0) {
    throw new Error(`go tool pprof -top ${path}: ${new TextDecoder().decode(out.stderr)}`);
  }
  const total = /of (\S+) total/.exec(text)?.[1] ?? "";
  const rows = new Map<string, { flat: string; cum: string }>();
  for (const line of text.split("\n")) {
    const m = /^\s*(-?[\d.]+\w*)\s+-?[\d.]+%\s+-?[\d.]+%\s+(-?[\d.]+\w*)\s+-?[\d.]+%\s+(.+)$/
      .exec(line);
    if (m) rows.set(m[3], { flat: m[1], cum: m[2] });
  }
  return { total, rows, text };
}
