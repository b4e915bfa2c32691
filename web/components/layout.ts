// The frame of every page: the top bar with the navigation, then the page's content.

import type { ComponentChildren } from "preact";
import { html } from "../lib/html.ts";

export interface NavItem {
  href: string;
  label: string;
  /** Paths on which this item is the current page. */
  match: string[];
}

const NAV: NavItem[] = [
  { href: "/", label: "Overview", match: ["/"] },
  { href: "/trace", label: "Timeline", match: ["/trace"] },
  { href: "/goroutines", label: "Goroutines", match: ["/goroutines", "/goroutine"] },
  {
    href: "/block",
    label: "Profiles",
    match: [
      "/io",
      "/block",
      "/syscall",
      "/sched",
      "/regionio",
      "/regionblock",
      "/regionsyscall",
      "/regionsched",
    ],
  },
  { href: "/cpu", label: "CPU", match: ["/cpu", "/wallclock"] },
  { href: "/usertasks", label: "Tasks", match: ["/usertasks", "/usertask"] },
  { href: "/userregions", label: "Regions", match: ["/userregions", "/userregion"] },
  { href: "/mmu", label: "MMU", match: ["/mmu"] },
  { href: "/diagnosis", label: "Diagnosis", match: ["/diagnosis", "/criticalpath"] },
  { href: "/sql", label: "SQL", match: ["/sql"] },
];

/** The comparison server's pages (`-diff`). */
export const DIFF_NAV: NavItem[] = [
  { href: "/", label: "Comparison", match: ["/"] },
  { href: "/diffprofile?type=cpu", label: "Profiles", match: ["/diffprofile"] },
];

export function Layout(props: { path: string; nav?: NavItem[]; children: ComponentChildren }) {
  return html`
    <header class="top">
      <a class="brand" href="/">traceglass</a>
      <nav aria-label="Pages">
        ${(props.nav ?? NAV).map((n) =>
          html`<a href=${n.href} class=${
            n.match.includes(props.path) ? "active" : ""
          }>${n.label}</a>`
        )}
      </nav>
    </header>
    <main>${props.children}</main>
  `;
}
