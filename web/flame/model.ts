// The profile as a flame graph and a top table. Pure data, no DOM: a test builds it
// from the same samples the page gets. Frames merge by function name, as pprof's flame
// graph does; the root is the outermost caller.

import { NO_STACK, type ProfileModel } from "../../server/core/contract/pages.ts";

export { NO_STACK };

export type Metric = "time" | "count";

/** What a flame graph draws: any profile model's frames and samples. */
export type FlameProfile = Pick<ProfileModel, "frames" | "samples" | "filter">;

export interface FlameNode {
  name: string;
  /** The frame that first named this node (for file:line). */
  frame: number;
  depth: number;
  total: number;
  self: number;
  parent: FlameNode | null;
  children: FlameNode[];
}

/** The call tree of all samples under a synthetic root named "root". */
export function buildFlameTree(p: FlameProfile, metric: Metric): FlameNode {
  const root: FlameNode = {
    name: "root",
    frame: -1,
    depth: 0,
    total: 0,
    self: 0,
    parent: null,
    children: [],
  };
  const index = new Map<FlameNode, Map<string, FlameNode>>();
  for (const s of p.samples) {
    const v = metric === "time" ? s.time : s.count;
    if (v === 0) continue;
    root.total += v;
    let node = root;
    // A stackless sample is a bar of its own, not an unlabelled gap under the root.
    const names = s.stack.length === 0 ? [NO_STACK] : [];
    for (let i = s.stack.length - 1; i >= 0; i--) names.push(p.frames[s.stack[i]].func);
    for (let i = 0; i < names.length; i++) {
      const f = s.stack.length === 0 ? -1 : s.stack[s.stack.length - 1 - i];
      const name = names[i];
      let kids = index.get(node);
      if (!kids) index.set(node, kids = new Map());
      let child = kids.get(name);
      if (!child) {
        child = {
          name,
          frame: f,
          depth: node.depth + 1,
          total: 0,
          self: 0,
          parent: node,
          children: [],
        };
        kids.set(name, child);
        node.children.push(child);
      }
      child.total += v;
      node = child;
    }
    node.self += v;
  }
  sortTree(root);
  return root;
}

// Heaviest callee first, then by name, so the picture is stable.
function sortTree(n: FlameNode): void {
  n.children.sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const c of n.children) sortTree(c);
}

/** The functions from the outermost frame down to `n` (the root excluded). */
export function framePath(n: FlameNode): string[] {
  const out: string[] = [];
  for (let a: FlameNode | null = n; a && a.parent; a = a.parent) out.unshift(a.name);
  return out;
}

/** A node placed on the graph: x and w are fractions of the zoomed root's width. */
export interface FlameRect {
  node: FlameNode;
  x: number;
  w: number;
  depth: number;
}

/**
 * The rectangles to draw with `focus` zoomed to the full width: its ancestors span the
 * width above it, its descendants share it by value. Nodes narrower than `minW` (a
 * fraction) are skipped with their subtrees.
 */
export function layoutFlame(focus: FlameNode, minW = 0): FlameRect[] {
  const rects: FlameRect[] = [];
  for (let a: FlameNode | null = focus.parent; a; a = a.parent) {
    rects.push({ node: a, x: 0, w: 1, depth: a.depth });
  }
  const scale = focus.total > 0 ? 1 / focus.total : 0;
  const walk = (n: FlameNode, x: number) => {
    const w = n.total * scale;
    if (w < minW) return;
    rects.push({ node: n, x, w, depth: n.depth });
    let cx = x;
    for (const c of n.children) {
      walk(c, cx);
      cx += c.total * scale;
    }
  };
  walk(focus, 0);
  return rects;
}

export function maxDepth(n: FlameNode): number {
  let d = n.depth;
  for (const c of n.children) d = Math.max(d, maxDepth(c));
  return d;
}

export interface TopRow {
  name: string;
  flat: number;
  cum: number;
}

/** pprof's top: flat = value where the function is the leaf; cum = where it is anywhere. */
export function topTable(p: FlameProfile, metric: Metric): { rows: TopRow[]; total: number } {
  const rows = new Map<string, TopRow>();
  let total = 0;
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) rows.set(name, r = { name, flat: 0, cum: 0 });
    return r;
  };
  for (const s of p.samples) {
    const v = metric === "time" ? s.time : s.count;
    total += v;
    if (s.stack.length === 0) continue;
    row(p.frames[s.stack[0]].func).flat += v;
    const seen = new Set<string>();
    for (const f of s.stack) {
      const name = p.frames[f].func;
      if (seen.has(name)) continue; // recursion counts once
      seen.add(name);
      row(name).cum += v;
    }
  }
  const out = [...rows.values()];
  out.sort((a, b) => b.flat - a.flat || b.cum - a.cum || (a.name < b.name ? -1 : 1));
  return { rows: out, total };
}

/** The total of the nodes whose name contains `q` (outermost matches only). */
export function matchedTotal(root: FlameNode, q: string): number {
  if (!q) return 0;
  let sum = 0;
  const walk = (n: FlameNode) => {
    if (n !== root && n.name.includes(q)) {
      sum += n.total;
      return;
    }
    for (const c of n.children) walk(c);
  };
  walk(root);
  return sum;
}
