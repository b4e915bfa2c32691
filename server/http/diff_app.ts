// The web application of `-diff old.trace new.trace`: the comparison page (/), the
// differential profiles (/diffprofile?type=&name=, ?raw=1 for the pprof difference),
// their /api twins and the static assets, behind the router's guarantees.

import {
  compareTraces,
  DIFF_PROFILES,
  type DiffProfileType,
  type DiffSide,
  PROFILE_TITLES,
  profileDiff,
  profileUnits,
} from "../core/diff/compare.ts";
import { diffProfile } from "../core/diff/profile_diff.ts";
import type { DiffModel, DiffProfileModel } from "../core/contract/diff.ts";
import { encodeProfile } from "../core/profiles/pprof_encode.ts";
import { ResultCache } from "../core/pages/cache.ts";
import { pageResponse } from "./page.ts";
import { Query } from "../core/pages/query.ts";
import { bytesResponse, jsonResponse } from "../core/pages/respond.ts";
import { createRouter, type Handler } from "./router.ts";
import { staticHandler } from "./static.ts";
import { type PassSource, progressRoute, withProgress } from "./progress.ts";

export interface DiffAppOptions {
  /** The sides, or a promise of them (summaries take a while on big traces). */
  before: DiffSide | PromiseLike<DiffSide>;
  after: DiffSide | PromiseLike<DiffSide>;
  /** The passes over both traces, for progress pages (none: pages just wait). */
  progress?: PassSource;
  log?: (msg: string) => void;
}

export function createDiffApp(opts: DiffAppOptions): (req: Request) => Promise<Response> {
  const cache = new ResultCache();
  const sides = async () => [await opts.before, await opts.after] as const;
  const model = () =>
    cache.get("diff", async (): Promise<DiffModel> => {
      const [b, a] = await sides();
      return compareTraces(b, a);
    });
  const profile = (type: DiffProfileType, name: string | undefined) =>
    cache.get(`profile\0${type}\0${name ?? "\0"}`, async () => {
      const [b, a] = await sides();
      return profileDiff(b, a, type, name);
    });

  const overview = (api: boolean): Handler => async () => {
    const m = await model();
    return api ? jsonResponse(m) : pageResponse("Comparison", { view: "diff", data: m });
  };
  const diffprofile = (api: boolean): Handler => async (url) => {
    const q = Query.of(url);
    const type = q.oneOf("type", DIFF_PROFILES) ?? "cpu";
    const name = q.get("name");
    const d = await profile(type, name);
    if ((q.get("raw") ?? "") !== "") {
      const bytes = await encodeProfile(diffProfile(d, profileUnits(type)));
      return bytesResponse(bytes, "application/octet-stream");
    }
    const [b, a] = await sides();
    const params = new URLSearchParams(url.search);
    params.delete("raw");
    const m: DiffProfileModel = {
      type,
      title: PROFILE_TITLES[type],
      filter: name === undefined ? "" : `goroutines started at ${name}`,
      params: params.toString(),
      ...d,
      beforeFile: b.file,
      afterFile: a.file,
    };
    return api ? jsonResponse(m) : pageResponse(m.title, { view: "diffprofile", data: m });
  };
  const page = (title: string, h: Handler) =>
    opts.progress ? withProgress(opts.progress, title, h) : h;
  const exact = new Map<string, Handler>([
    ["/", page("Comparison", overview(false))],
    ["/api/diff", overview(true)],
    ["/diffprofile", page("Differential profile", diffprofile(false))],
    ["/api/diffprofile", diffprofile(true)],
  ]);
  if (opts.progress) exact.set(...progressRoute(opts.progress));
  return createRouter({ exact, prefix: [["/static/", staticHandler]] }, opts.log);
}
