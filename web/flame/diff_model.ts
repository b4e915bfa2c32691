// A differential profile as a flame graph and a top table: the call tree of both
// traces' samples (frames merged by function name, as in model.ts), each node with its
// value in the old and the new trace; widths from one side, colour by the change. Pure
// data, no DOM.

import type { DiffProfileModel } from "../../server/core/contract/diff.ts";
import type { FlameNode, Metric } from "./model.ts";

export interface DiffNode extends FlameNode {
  before: number;
  after: number;
  parent: DiffNode | null;
  children: DiffNode[];
}

export type Side = "after" | "before";

type Samples = Pick<DiffProfileModel, "frames" | "samples">;

const value = (s: Samples["samples"][number], metric: Metric, side: Side) =>
  metric === "time" ? s.time[side] : s.count[side];

/** The call tree; `total`/`self` (the widths) are the `width` side's values. */
export function buildDiffTree(p: Samples, metric: Metric, width: Side): DiffNode {
  const node = (name: string, frame: number, parent: DiffNode | null): DiffNode => ({
    name,
    frame,
    depth: parent ? parent.depth + 1 : 0,
    total: 0,
    self: 0,
    before: 0,
    after: 0,
    parent,
    children: [],
  });
  const root = node("root", -1, null);
  const index = new Map<DiffNode, Map<string, DiffNode>>();
  for (const s of p.samples) {
    const b = value(s, metric, "before"), a = value(s, metric, "after");
    if (b === 0 && a === 0) continue;
    const w = width === "after" ? a : b;
    let n = root;
    const visit = (x: DiffNode) => {
      x.before += b;
      x.after += a;
      x.total += w;
    };
    visit(root);
    for (let i = s.stack.length - 1; i >= 0; i--) {
      const f = s.stack[i], name = p.frames[f].func;
      let kids = index.get(n);
      if (!kids) index.set(n, kids = new Map());
      let child = kids.get(name);
      if (!child) {
        child = node(name, f, n);
        kids.set(name, child);
        n.children.push(child);
      }
      visit(child);
      n = child;
    }
    n.self += w;
  }
  const sort = (n: DiffNode) => {
    n.children.sort((x, y) => y.total - x.total || (x.name < y.name ? -1 : 1));
    n.children.forEach(sort);
  };
  sort(root);
  return root;
}

/**
 * The colour of a change: red when the node grew, blue when it shrank, its strength
 * the change relative to the larger of the two values (grey: unchanged; full: new or
 * gone).
 */
export function diffColor(n: { before: number; after: number }): string {
  const d = n.after - n.before, m = Math.max(Math.abs(n.before), Math.abs(n.after));
  const r = m > 0 ? Math.min(1, Math.abs(d) / m) : 0;
  const sat = Math.round(10 + 75 * r), light = Math.round(80 - 22 * r);
  return d >= 0 ? `hsl(4 ${sat}% ${light}%)` : `hsl(214 ${sat}% ${light}%)`;
}

export interface DiffTopRow {
  name: string;
  flat: { before: number; after: number };
  cum: { before: number; after: number };
}

/** Per function: flat and cum in both traces, ranked by the absolute change of `by`. */
export function diffTopTable(p: Samples, metric: Metric, by: "flat" | "cum"): DiffTopRow[] {
  const rows = new Map<string, DiffTopRow>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) {
      rows.set(name, r = { name, flat: { before: 0, after: 0 }, cum: { before: 0, after: 0 } });
    }
    return r;
  };
  for (const s of p.samples) {
    const b = value(s, metric, "before"), a = value(s, metric, "after");
    if (s.stack.length === 0) continue;
    const leaf = row(p.frames[s.stack[0]].func);
    leaf.flat.before += b;
    leaf.flat.after += a;
    const seen = new Set<string>();
    for (const f of s.stack) {
      const name = p.frames[f].func;
      if (seen.has(name)) continue; // recursion counts once
      seen.add(name);
      const r = row(name);
      r.cum.before += b;
      r.cum.after += a;
    }
  }
  const change = (r: DiffTopRow) => Math.abs(r[by].after - r[by].before);
  return [...rows.values()].sort((x, y) =>
    change(y) - change(x) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)
  );
}
