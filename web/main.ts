/// <reference lib="dom" />
// The browser entry: reads the page's bootstrap JSON and renders its view inside the
// common layout. Bundled by scripts/build_web.ts into web/build/assets.ts.

import { render } from "preact";
import { html } from "./lib/html.ts";
import { readBoot } from "./lib/boot.ts";
import { installExactCopy } from "./lib/copy.ts";
import { DIFF_NAV, Layout } from "./components/layout.ts";
import { IndexView } from "./views/index.ts";
import { GoroutinesView } from "./views/goroutines.ts";
import { GoroutineView } from "./views/goroutine.ts";
import { ProfileView } from "./views/profile.ts";
import { TaskTypesView } from "./views/tasks.ts";
import { TaskListView } from "./views/task_list.ts";
import { RegionTypesView } from "./views/regions.ts";
import { RegionListView } from "./views/region_list.ts";
import { MMUView } from "./views/mmu.ts";
import { TimelinePage } from "./timeline/page.ts";
import { ProgressView } from "./views/progress.ts";
import { CpuView } from "./views/cpu.ts";
import { DiffView } from "./views/diff.ts";
import { DiffProfileView } from "./views/diff_profile.ts";

// deno-lint-ignore no-explicit-any
const VIEWS: Record<string, (props: { data: any }) => unknown> = {
  index: IndexView,
  goroutines: GoroutinesView,
  goroutine: GoroutineView,
  profile: ProfileView,
  usertasks: TaskTypesView,
  usertask: TaskListView,
  userregions: RegionTypesView,
  userregion: RegionListView,
  mmu: MMUView,
  timeline: TimelinePage,
  progress: ProgressView,
  cpu: CpuView,
  diff: DiffView,
  diffprofile: DiffProfileView,
};

const TITLES: Record<string, string> = {
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
};

installExactCopy(document);
const app = document.getElementById("app")!;
try {
  const boot = readBoot(document);
  const View = VIEWS[boot.view];
  if (!View) throw new Error(`unknown view ${boot.view}`);
  document.title = `${TITLES[boot.view]} · traceglass`;
  app.textContent = "";
  render(
    html`
      <${Layout} path=${location.pathname} nav=${boot.view.startsWith("diff")
        ? DIFF_NAV
        : undefined}>
        <${View} data=${boot.data} />
        </${Layout}>
    `,
    app,
  );
} catch (e) {
  app.textContent = `traceglass: ${e instanceof Error ? e.message : e}`;
  throw e;
}
