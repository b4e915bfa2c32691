// Unknown task and region types are a 404, as unknown goroutine groups are (Go shows an
// empty page). The sets of known types are computed once per trace.

import { regionTypes } from "../annotations/regions.ts";
import { taskTypes } from "../annotations/tasks.ts";
import { goQuoteString } from "../util/go_quote.ts";
import type { AppContext } from "./context.ts";
import { notFound } from "./errors.ts";

/** Rejects with a 404 unless the trace has a task of this type (undefined: no type asked). */
export async function requireTaskType(ctx: AppContext, type: string | undefined): Promise<void> {
  if (type === undefined) return;
  const known = await ctx.cached(
    "task types",
    async () => new Set(taskTypes(ctx.trace, await ctx.summary).map((s) => s.type)),
  );
  if (!known.has(type)) {
    throw notFound(`no tasks of type ${goQuoteString(type)}; see /usertasks`);
  }
}

/** Rejects with a 404 unless the trace has a region of this type (undefined: no type asked). */
export async function requireRegionType(ctx: AppContext, type: string | undefined): Promise<void> {
  if (type === undefined) return;
  const known = await ctx.cached(
    "region types",
    async () => new Set(regionTypes(ctx.trace, await ctx.summary).map((s) => s.type)),
  );
  if (!known.has(type)) {
    throw notFound(`no regions of type ${goQuoteString(type)}; see /userregions`);
  }
}
