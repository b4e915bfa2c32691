// "/trace", "/jsontrace" and the timeline viewer's API live in ../timeline.ts.

export { timelineRoutes } from "../timeline.ts";
