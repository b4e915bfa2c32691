// The decoder's state at a generation boundary, saved so that one generation can be
// decoded again alone later (a big trace is not kept decoded in memory). What is saved
// is what Go's reader and ordering carry across a boundary: reader flags, goroutine,
// proc and thread states, in-flight ranges and regions, active tasks, the GC state, the
// last time and the valid-event count. The growing tables (resources, contexts, strings,
// stacks) are not saved: after the first pass they hold every id, and a re-decoded
// generation finds its ids there.

import { beginLoad, out } from "../util/snapshot";
import { enterReplay, loadEmit, saveEmit } from "./emit";
import { loadOrder, saveOrder } from "./order";
import { loadReader, saveReader } from "./reader";

/** The last saved state. */
export const stateOut = out;

const MAGIC: u32 = 0x54475331; // "TGS1"

export function saveBoundary(): void {
  out.clear();
  putMagic();
  saveReader();
  saveOrder();
  saveEmit();
}

function putMagic(): void {
  out.reserve(4);
  store<u32>(out.ptr, MAGIC);
  out.len = 4;
}

/** Loads a state saved by saveBoundary, read from p. */
export function loadBoundary(p: usize): void {
  beginLoad(p + 4);
  loadReader();
  loadOrder();
  loadEmit();
}

export function enterReplayMode(): void {
  enterReplay();
}
