// "/trace" and "/jsontrace" belong to the timeline viewer (issue 6). Until it lands they
// answer 501 so links from the other pages (goroutine ids, tasks, MMU windows) fail
// clearly rather than with a 404.

import { HttpError } from "../errors.ts";
import type { Handler } from "../router.ts";

// TIMELINE STUB (issue 6): replace these two routes with the timeline viewer.
const notYet: Handler = (url) => {
  throw new HttpError(
    501,
    `${url.pathname} is not implemented yet: the timeline viewer is coming (issue 6)`,
  );
};

export function timelineRoutes(): [string, Handler][] {
  return [["/trace", notYet], ["/jsontrace", notYet]];
}
