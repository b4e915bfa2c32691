// The web views a page can name in its boot data, with the title each gives the page: the one
// list of view names. web/app.ts maps each to its component (the compiler checks it has them
// all); the routes name them through PageBoot and ViewSpec.

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
} as const;

/** The name of a web view (web/app.ts). */
export type ViewName = keyof typeof VIEW_TITLES;
