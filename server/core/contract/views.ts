// The web views a page can name in its boot data: the model each view's component takes
// (ViewModels) and the title each gives the page (VIEW_TITLES). The one list of view names,
// typed end to end: a route naming view V must produce ViewModels[V] (PageBoot, ViewSpec),
// and web/app.ts must map V to a component taking it, or `deno check` fails.

import type {
  CpuModel,
  GoroutineModel,
  GoroutinesModel,
  OverviewModel,
  ProfileModel,
  ProgressModel,
  RegionListModel,
  RegionTypesModel,
  TaskListModel,
  TaskTypesModel,
} from "./pages.ts";
import type { CriticalPathModel, DiagnosisModel } from "./diagnosis.ts";
import type { DiffModel, DiffProfileModel } from "./diff.ts";
import type { SqlPageModel } from "./sql.ts";
import type { TimelineBoot } from "./timeline.ts";

/** Each view's model: the `data` of its page boot, the same value /api/<path> serves. */
export interface ViewModels {
  index: OverviewModel;
  goroutines: GoroutinesModel;
  goroutine: GoroutineModel;
  profile: ProfileModel;
  usertasks: TaskTypesModel;
  usertask: TaskListModel;
  userregions: RegionTypesModel;
  userregion: RegionListModel;
  /** The MMU page fetches its curves itself (/mmu?mode=plot). */
  mmu: null;
  timeline: TimelineBoot;
  progress: ProgressModel;
  cpu: CpuModel;
  diff: DiffModel;
  diffprofile: DiffProfileModel;
  sql: SqlPageModel;
  diagnosis: DiagnosisModel;
  criticalpath: CriticalPathModel;
}

/** The name of a web view (web/app.ts). */
export type ViewName = keyof ViewModels;

export const VIEW_TITLES = {
  index: "Overview",
  goroutines: "Goroutines",
  goroutine: "Goroutine group",
  profile: "Profile",
  usertasks: "Tasks",
  usertask: "Tasks",
  userregions: "Regions",
  userregion: "Regions",
  mmu: "MMU",
  timeline: "Timeline",
  progress: "Working",
  cpu: "CPU",
  diff: "Comparison",
  diffprofile: "Differential profile",
  sql: "SQL",
  diagnosis: "Diagnosis",
  criticalpath: "Critical path",
} as const satisfies Record<ViewName, string>;

/**
 * A page's bootstrap: the view that renders it and that view's model. `PageBoot` is the
 * union over every view, so `{ view: "cpu", data }` type-checks only with a CpuModel.
 */
export type PageBoot<V extends ViewName = ViewName> = {
  [K in V]: {
    /** Which view web/app.ts renders. */
    view: K;
    /** The view's data: the same value /api/<path> serves. */
    data: ViewModels[K];
  };
}[V];
