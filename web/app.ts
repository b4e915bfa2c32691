// The views by name and how a page is drawn: the server's pages (main.ts, from the boot
// JSON in the HTML) and the browser-only site (site/main.ts, from its worker's answer)
// render through here, so they show the same views.

import { render } from "preact";
import { html } from "./lib/html.ts";
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
import { SqlView } from "./views/sql.ts";
import { DiagnosisView } from "./views/diagnosis.ts";
import { CriticalPathView } from "./views/critical_path.ts";
import {
  type PageBoot,
  VIEW_TITLES,
  type ViewModels,
  type ViewName,
} from "../server/core/contract/views.ts";

/** Each view's component takes that view's model (the contract's ViewModels). */
const VIEWS: { [V in ViewName]: (props: { data: ViewModels[V] }) => unknown } = {
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
  sql: SqlView,
  diagnosis: DiagnosisView,
  criticalpath: CriticalPathView,
};

/** Renders the page `boot` names into `app`, in the common layout; `path` marks the nav. */
export function renderPage(app: HTMLElement, boot: PageBoot, path: string): void {
  const View = Object.hasOwn(VIEWS, boot.view) ? VIEWS[boot.view] : undefined;
  if (!View) throw new Error(`unknown view ${boot.view}`);
  document.title = `${VIEW_TITLES[boot.view]} · traceglass`;
  render(null, app); // the page before it (in the site) ends: its effects are cleaned up
  app.textContent = "";
  render(
    html`
      <${Layout} path=${path} nav=${boot.view.startsWith("diff") ? DIFF_NAV : undefined}>
        <${View} data=${boot.data} />
        </${Layout}>
    `,
    app,
  );
}
