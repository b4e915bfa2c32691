import assert from "node:assert/strict";
import { GoCommand } from "../support/go_tool.ts";
import { TabWriter, type TabWriterOptions } from "../../server/core/util/tabwriter.ts";

interface Case extends TabWriterOptions {
  writes: string[];
  flush: boolean;
}

function ours(c: Case): string {
  let out = "";
  const w = new TabWriter(c, (chunk) => out += chunk);
  for (const s of c.writes) w.write(s);
  if (c.flush) w.flush();
  return out;
}

/** Output of Go's text/tabwriter for each case, via tests/go/tabwritercheck. */
async function goTabwriter(cases: Case[]): Promise<string[]> {
  const input = cases.map((c) =>
    JSON.stringify({
      Minwidth: c.minwidth,
      Tabwidth: c.tabwidth,
      Padding: c.padding,
      Padchar: c.padchar,
      Writes: c.writes,
      Flush: c.flush,
    })
  );
  await using cmd = await GoCommand.build("tabwritercheck");
  const res = await cmd.run([], new TextEncoder().encode(input.join("\n") + "\n"));
  if (res.code !== 0) throw new Error(`tabwritercheck failed: ${res.stderr}`);
  const lines = new TextDecoder().decode(res.stdout).split("\n");
  lines.pop();
  return lines.map((l) => JSON.parse(l));
}

async function assertLikeGo(cases: Case[]): Promise<void> {
  const want = await goTabwriter(cases);
  const diffs = cases
    .map((c, i) => ({ c, got: ours(c), go: want[i] }))
    .filter((d) => d.got !== d.go)
    .slice(0, 10)
    .map((d) =>
      `${JSON.stringify(d.c)}\n  got ${JSON.stringify(d.got)}\n  Go  ${JSON.stringify(d.go)}`
    );
  assert.deepEqual(diffs, [], "tabwriter output differs from Go's");
}

const FOOTPRINT: TabWriterOptions = { minwidth: 3, tabwidth: 8, padding: 2, padchar: " " };

Deno.test("TabWriter lays out a footprint-style table exactly like Go", async () => {
  const rows = ["Event\tBytes\t%\tCount\t%\n", "-\t-\t-\t-\t-\n"];
  for (let i = 0; i < 40; i++) {
    rows.push(`Ev${"x".repeat(i % 17)}\t${i * 977}\t${(i / 3).toFixed(2)}%\t${i}\t1.00%\n`);
  }
  await assertLikeGo([{ ...FOOTPRINT, writes: rows, flush: true }]);
});

Deno.test("TabWriter matches Go's column blocks, trailing cells and flush rules", async () => {
  const pieces = ["a", "bb", "cccccc", "\u00e9", "\u65e5\u672c", "\ud83d\ude00", "", " ", "\t"];
  const breaks = ["\t", "\t", "\t", "\n", "\n", "\v", "\f"];
  let seed = 99;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const cases: Case[] = [];
  for (let k = 0; k < 3000; k++) {
    let text = "";
    for (let n = rand(30); n > 0; n--) {
      text += rand(2) ? pieces[rand(pieces.length)] : breaks[rand(breaks.length)];
    }
    // Split the text into arbitrary writes: cells may span Write calls.
    const writes: string[] = [];
    for (let at = 0; at < text.length;) {
      let next = Math.min(text.length, at + 1 + rand(8));
      // Keep surrogate pairs whole so both sides see the same runes.
      if (next < text.length && /[\udc00-\udfff]/.test(text[next])) next++;
      writes.push(text.slice(at, next));
      at = next;
    }
    cases.push({
      minwidth: rand(6),
      tabwidth: rand(9),
      padding: rand(4),
      padchar: [" ", ".", "\t"][rand(3)],
      writes,
      flush: rand(4) !== 0,
    });
  }
  await assertLikeGo(cases);
});
