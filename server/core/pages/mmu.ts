// "/mmu": the page, "?mode=plot&flags=" and "?mode=details&window=&flags=" (Go's JSON,
// byte for byte), and the older links /mmuPlot and /mmuDetails.

import { mmuDetailsJSON, MMUError, MMUPanic, mmuPlotJSON, UTIL_FLAG_NAMES } from "../mmu/mmu.ts";
import type { AppContext } from "./context.ts";
import { badRequest, HttpError } from "./errors.ts";
import { jsonTextResponse, pageAnswer } from "./respond.ts";
import { Query } from "./query.ts";
import type { Handler } from "./routes.ts";
import { splitRanges } from "./timeline.ts";

// The names Go's page sends: util flags, plus the view radio ("system") and "mut".
const FLAG_NAMES = new Set(["", ...Object.keys(UTIL_FLAG_NAMES), "mut", "system"]);

/** The flags parameter, checked: Go ignores unknown names, here they are a 400. */
export function flagsParam(q: Query): string {
  const flags = q.get("flags") ?? "";
  for (const name of flags.split("|")) {
    if (!FLAG_NAMES.has(name)) {
      throw badRequest(
        `bad flags=${flags}: expected names joined by "|" from ${
          [...FLAG_NAMES].filter((n) => n !== "").join(", ")
        }`,
      );
    }
  }
  return flags;
}

async function guarded(f: () => Promise<string>): Promise<Response> {
  try {
    return jsonTextResponse(await f());
  } catch (e) {
    if (e instanceof MMUError) throw new HttpError(e.status, e.message);
    // Go's handler panics here and the connection drops; answer with the reason instead.
    if (e instanceof MMUPanic) {
      throw new HttpError(500, `failed to produce MMU data: ${e.message}`);
    }
    throw e;
  }
}

function plot(ctx: AppContext, q: Query): Promise<Response> {
  const flags = flagsParam(q);
  return guarded(() => mmuPlotJSON(ctx.trace, flags));
}

/**
 * Deliberate difference: a window of 0 ns (or one past 2^63 - 1, which Go's Duration
 * wraps to a negative size) is a 400; Go answers null. Malformed values get Go's own 400.
 */
function checkWindow(window: string): void {
  if (!/^[0-9]+$/.test(window)) return;
  const w = BigInt(window);
  if (w === 0n || w >= 1n << 63n) {
    throw badRequest(
      `bad window=${window}: expected a window size in ns from 1 to 9223372036854775807`,
    );
  }
}

function details(ctx: AppContext, q: Query): Promise<Response> {
  const flags = flagsParam(q);
  checkWindow(q.get("window") ?? "");
  return guarded(async () => {
    // Each window links into the part of the split timeline that holds it, as Go's do.
    // A trace held block by block has no split timeline (the overview's links are plain:
    // the ranges would cost a build of the proc view).
    const ranges = (ctx.trace.whole ? await splitRanges(ctx) : []).map((r) => ({
      start: r.start,
      end: r.end,
      endTime: r.endTime,
    }));
    return mmuDetailsJSON(ctx.trace, q.get("window") ?? "", flags, ranges);
  });
}

export function mmuRoutes(ctx: AppContext): [string, Handler][] {
  const byMode = (page: boolean): Handler => (url) => {
    const q = Query.of(url);
    const mode = q.oneOf("mode", ["", "plot", "details"] as const) ?? "";
    if (mode === "plot") return plot(ctx, q);
    if (mode === "details") return details(ctx, q);
    if (!page) throw badRequest("missing parameter mode: expected mode=plot or mode=details");
    return pageAnswer("MMU", { view: "mmu", data: null });
  };
  return [
    ["/mmu", byMode(true)],
    ["/api/mmu", byMode(false)],
    ["/mmuPlot", (url) => plot(ctx, Query.of(url))],
    ["/mmuDetails", (url) => details(ctx, Query.of(url))],
  ];
}
